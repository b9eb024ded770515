"""Knowledge uploads from the console: the file is kept under the data directory, then registered and indexed in a
background thread, one job at a time, with progress a page can poll.

The knowledge library does the work unchanged (``ingest.ingest_file``, ``index.build`` with ``on_progress``); the
embedding model loads once per process on the first build (``knowledge.model``). Jobs live in memory: the registry
and the index versions are the durable record, a job is only the progress of one upload.
"""

from __future__ import annotations

import itertools
import logging
import re
import secrets
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from core import clock
from knowledge import index, ingest, store
from knowledge.model import ModelUnavailable
from knowledge.read import SUPPORTED, UnreadableDocument, UnsupportedFormat
from knowledge.split import KINDS, SplitError

from . import audit
from .errors import (EmptyUpload, IngestJobNotFound, InvalidDocumentKind, InvalidEffectiveDate, UnsupportedUpload,
                     UploadTooLarge)
from .users import User

log = logging.getLogger(__name__)

ALLOWED_SUFFIXES = SUPPORTED
MAX_UPLOAD_MB = 20
KEPT_JOBS = 50

STAGE_NAMES = {
    "queued": "排队等待",
    "read": "读取并切分文件",
    "collect": "整理索引条目",
    "model": "加载向量模型",
    "embed": "计算向量",
    "write": "写入新索引",
    "switch": "切换到新索引",
    "done": "完成",
    "failed": "失败",
}


def _clean(value: str | None, limit: int) -> str | None:
    value = (value or "").strip()[:limit]
    return value or None


@dataclass(frozen=True)
class UploadDetails:
    """What the admin typed beside the file; every field is optional (the file's own title and date are used)."""

    title: str | None = None
    edition: str | None = None  # the document's own version label, e.g. "2020年修订"
    effective_date: str | None = None  # YYYY-MM-DD
    source: str | None = None
    doc_key: str | None = None  # upload as a new version of this registered document
    kind: str | None = None  # "statute" | "text" when the admin overrides the recogniser; None: recognise it

    @classmethod
    def from_form(cls, title: str = "", edition: str = "", effective_date: str = "", source: str = "",
                  doc_key: str = "", kind: str = "") -> "UploadDetails":
        day = _clean(effective_date, 20)
        if day:
            try:
                day = date.fromisoformat(day).isoformat()
            except ValueError:
                raise InvalidEffectiveDate(day) from None
        kind = _clean(kind, 20)
        if kind not in (None, "auto", *KINDS):
            raise InvalidDocumentKind(kind)
        return cls(_clean(title, 200), _clean(edition, 60), day, _clean(source, 500), _clean(doc_key, 200),
                   None if kind == "auto" else kind)


@dataclass
class IngestJob:
    id: int
    user: User
    filename: str | None  # as uploaded; None for a rebuild without a file
    path: Path | None
    details: UploadDetails
    created_at: str = field(default_factory=clock.iso)
    stage: str = "queued"
    done: int = 0
    total: int = 0
    outcome: str | None = None
    error: str | None = None
    doc_key: str | None = None
    doc_version: int | None = None
    chunks: int | None = None
    index_version: str | None = None
    finished_at: str | None = None

    @property
    def finished(self) -> bool:
        return self.stage in ("done", "failed")

    @property
    def stage_name(self) -> str:
        return STAGE_NAMES.get(self.stage, self.stage)

    @property
    def percent(self) -> int | None:
        return int(100 * self.done / self.total) if self.total else None


def explain(exc: Exception) -> str:
    """A plain message for the admin; every failure leaves the served index as it was."""
    unchanged = "当前使用的索引没有变。"
    if isinstance(exc, UnsupportedFormat):
        return f"不支持这种文件（{exc}）。{unchanged}"
    if isinstance(exc, UnreadableDocument):
        return f"文件读不出来：可能已损坏，或者内容和扩展名不符（文本文件请用 UTF-8 保存）。详情：{exc}。{unchanged}"
    if isinstance(exc, SplitError):
        return f"文件里没有读到文字（扫描的 PDF 要先做文字识别）。{unchanged}"
    if isinstance(exc, ingest.IngestError):
        return f"登记失败：{exc}。{unchanged}"
    if isinstance(exc, ModelUnavailable):
        return f"向量模型加载不了：{exc}。文件已登记，模型可用后点“重建索引”。{unchanged}"
    if isinstance(exc, index.KnowledgeIndexError):
        return f"建索引失败：{exc}。{unchanged}"
    return f"导入时出错（{type(exc).__name__}：{exc}）。{unchanged}"


def _safe_name(filename: str) -> str:
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]  # browsers on Windows may send a full path
    name = re.sub(r"[^\w.\-]+", "_", name).strip("._") or "upload"
    return name[-80:]


class KnowledgeJobs:
    """Uploads and the single worker thread that ingests them (one build at a time keeps versions in order)."""

    def __init__(self, db_path: Path, upload_dir: Path, index_root: Path | None = None) -> None:
        self.db_path = Path(db_path)
        self.upload_dir = Path(upload_dir)
        self.index_root = index_root  # None: HUXIN_INDEX_DIR, read at use like the rest of the knowledge package
        self.db = store.open_db(self.db_path)  # registry reads for the pages (the worker opens its own)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="knowledge-ingest")
        self._jobs: dict[int, IngestJob] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    # -- uploads ------------------------------------------------------------
    def save_upload(self, filename: str, data: bytes) -> Path:
        """Keep the uploaded bytes under the data directory. Refuses what cannot be ingested before storing it."""
        if not (filename or "").strip():
            raise EmptyUpload()
        if Path(_safe_name(filename)).suffix.lower() not in ALLOWED_SUFFIXES:
            raise UnsupportedUpload(filename, ALLOWED_SUFFIXES)
        if not data:
            raise EmptyUpload()
        if len(data) > MAX_UPLOAD_MB * 1024 * 1024:
            raise UploadTooLarge(MAX_UPLOAD_MB)
        self.upload_dir.mkdir(parents=True, exist_ok=True)
        stamp = clock.now().strftime("%Y%m%dT%H%M%S")
        path = self.upload_dir / f"{stamp}-{secrets.token_hex(3)}-{_safe_name(filename)}"
        path.write_bytes(data)
        return path

    def submit(self, user: User, filename: str, path: Path, details: UploadDetails) -> IngestJob:
        return self._start(IngestJob(next(self._ids), user, filename, path, details))

    def submit_rebuild(self, user: User) -> IngestJob:
        """Build a new index version from the registry as it is (after a failed build or a rollback)."""
        return self._start(IngestJob(next(self._ids), user, None, None, UploadDetails()))

    def _start(self, job: IngestJob) -> IngestJob:
        with self._lock:
            self._jobs[job.id] = job
            for old in sorted(self._jobs)[:-KEPT_JOBS]:
                if self._jobs[old].finished:
                    del self._jobs[old]
        self._executor.submit(self._run, job)
        return job

    def get(self, job_id: int) -> IngestJob:
        job = self._jobs.get(job_id)
        if job is None:
            raise IngestJobNotFound(job_id)
        return job

    def recent(self, limit: int = 10) -> list[IngestJob]:
        with self._lock:
            return [self._jobs[i] for i in sorted(self._jobs, reverse=True)[:limit]]

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
        self.db.close()

    # -- the worker thread ----------------------------------------------------
    def _progress(self, job: IngestJob):
        def report(stage: str, done: int, total: int) -> None:
            job.stage, job.done, job.total = stage, done, total

        return report

    def _run(self, job: IngestJob) -> None:
        db = store.open_db(self.db_path)  # its own connection: the registry's transactions stay on this thread
        registered = False
        try:
            if job.path is not None:
                job.stage = "read"
                d = job.details
                result = ingest.ingest_file(db, job.path, doc_key=d.doc_key, title=d.title, source=d.source,
                                            effective_date=d.effective_date, edition=d.edition, kind=d.kind)
                registered = True
                job.doc_key, job.doc_version, job.chunks = result.doc_key, result.version, result.chunks
                if result.status == "unchanged" and not index.needs_build(db, self.index_root):
                    job.index_version = index.current_version(self.index_root)
                    job.outcome = (f"内容和已登记的《{result.doc_key}》第 {result.version} 版完全相同，没有变化；"
                                   f"索引仍是 {job.index_version}。")
                    job.stage = "done"
                    return
            manifest = index.build(db, self.index_root, on_progress=self._progress(job))
            job.index_version = manifest["version"]
            counts = manifest["counts"]
            built = (f"新索引 {manifest['version']}：{counts['cards']} 张知识卡片、{counts['chunks']} 段文件，"
                     f"新算向量 {counts['embedded']} 个，复用 {counts['reused']} 个。")
            job.outcome = (f"已登记《{job.doc_key}》第 {job.doc_version} 版，{job.chunks} 段。" if job.path else "") + built
            job.stage = "done"
        except Exception as exc:  # every failure ends the job with a message; the served index is not touched
            if not isinstance(exc, (UnsupportedFormat, UnreadableDocument, SplitError, ingest.IngestError)):
                log.exception("knowledge job %s failed", job.id)
            job.error = explain(exc)
            job.stage = "failed"
            if job.path is not None and not registered:
                job.path.unlink(missing_ok=True)  # nothing refers to a file that was never registered
        finally:
            job.finished_at = clock.iso()
            action = "knowledge.ingest" if job.path is not None else "knowledge.build"
            try:
                audit.record(db, job.user, action, target=job.filename or job.index_version,
                             detail=job.outcome or job.error)
            finally:
                db.close()
