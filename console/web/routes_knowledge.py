"""Knowledge admin: the document registry and index versions, uploads with live progress, rollback, search test."""

from __future__ import annotations

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from knowledge import index, store
from knowledge.model import ModelUnavailable
from knowledge.retrieve import MODES, get_retriever

from .. import audit
from ..errors import ConsoleError, IngestJobNotFound, UploadTooLarge
from ..knowledge_jobs import ALLOWED_SUFFIXES, MAX_UPLOAD_MB, KnowledgeJobs, UploadDetails
from ..users import User
from .deps import client_ip, console_db, error_page, render, role_required

router = APIRouter(prefix="/console/knowledge")

MODE_NAMES = {"hybrid": "混合（向量 + 关键词）", "dense": "只用向量", "bm25": "只用关键词 BM25"}
MAX_QUESTION_CHARS = 500


def _jobs(request: Request) -> KnowledgeJobs:
    return request.app.state.knowledge_jobs


def _served_index() -> dict:
    """The served version's manifest (None if no index yet) and every version kept on disk, newest first."""
    current = index.current_version()
    kept = []
    for name in reversed(index.versions()):
        try:
            manifest = index.read_manifest(index.root() / "versions" / name)
        except (FileNotFoundError, ValueError):
            continue  # a version being pruned right now
        kept.append({**manifest, "current": name == current})
    served = next((m for m in kept if m["current"]), None)
    older = bool(current) and any(m["version"] < current for m in kept)
    return {"current": current, "served": served, "kept": kept, "can_roll_back": older}


def _registry_context(request: Request) -> dict:
    db = _jobs(request).db
    state = _served_index()
    served_docs = {(d["doc_key"], d["sha256"]) for d in (state["served"] or {}).get("documents", [])}
    documents = [
        {**d, "in_index": (d["doc_key"], d["sha256"]) in served_docs} for d in store.active_documents(db)
    ]
    older = [d for d in store.history(db) if d["status"] != store.ACTIVE]
    return {"index": state, "documents": documents, "older": older}


@router.get("", response_class=HTMLResponse)
async def knowledge_page(request: Request, job: int | None = None, user: User = role_required("admin")) -> Response:
    context = {
        **_registry_context(request),
        "jobs": _jobs(request).recent(),
        "highlight": job,
        "allowed": " ".join(ALLOWED_SUFFIXES),
        "max_mb": MAX_UPLOAD_MB,
        "modes": MODE_NAMES,
    }
    return render(request, "knowledge.html", context)


@router.get("/registry", response_class=HTMLResponse)
async def registry_fragment(request: Request, user: User = role_required("admin")) -> Response:
    return render(request, "_knowledge_registry.html", _registry_context(request))


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
async def job_fragment(
    job_id: int, request: Request, highlight: bool = False, user: User = role_required("admin")
) -> Response:
    try:
        job = _jobs(request).get(job_id)
    except IngestJobNotFound as error:
        return error_page(request, "没有这个任务", str(error), 404)
    response = render(request, "_knowledge_job.html", {"job": job, "highlight": job.id if highlight else None})
    if job.finished:
        response.headers["HX-Trigger"] = "knowledge-changed"  # the registry and index panels reload once
    return response


@router.post("/upload")
async def upload(
    request: Request,
    file: UploadFile | None = File(None),
    title: str = Form(""),
    edition: str = Form(""),
    effective_date: str = Form(""),
    source: str = Form(""),
    doc_key: str = Form(""),
    kind: str = Form(""),
    user: User = role_required("admin"),
) -> Response:
    jobs = _jobs(request)
    filename = (file.filename or "") if file is not None else ""
    try:
        details = UploadDetails.from_form(title, edition, effective_date, source, doc_key, kind)
        data = await file.read(MAX_UPLOAD_MB * 1024 * 1024 + 1) if file is not None else b""
        path = jobs.save_upload(filename, data)
    except ConsoleError as error:
        status = 413 if isinstance(error, UploadTooLarge) else 400
        return error_page(request, "没有导入", str(error), status)
    detail = " · ".join(x for x in (details.title, details.edition, details.effective_date, details.source) if x)
    audit.record(console_db(request), user, "knowledge.upload", target=filename, detail=detail or None,
                 ip=client_ip(request))  # before the job starts, so the log reads upload → ingest
    job = jobs.submit(user, filename, path, details)
    return RedirectResponse(f"/console/knowledge?job={job.id}", status_code=303)


@router.post("/rebuild")
async def rebuild(request: Request, user: User = role_required("admin")) -> Response:
    job = _jobs(request).submit_rebuild(user)
    audit.record(console_db(request), user, "knowledge.rebuild", detail=f"任务 {job.id}", ip=client_ip(request))
    return RedirectResponse(f"/console/knowledge?job={job.id}", status_code=303)


@router.post("/rollback")
async def rollback(request: Request, user: User = role_required("admin")) -> Response:
    try:
        # Off the event loop: the index lock waits for a build that is running.
        old, new = await run_in_threadpool(index.rollback)
    except index.NoIndex:
        return error_page(request, "不能回滚", "还没有建过索引，没有可回滚的版本。", 409)
    except index.NothingToRollBack:
        message = "当前索引已经是保留的最早版本，没有更早的版本可回滚。"
        return error_page(request, "不能回滚", message, 409)
    audit.record(console_db(request), user, "knowledge.rollback", target=new, detail=f"{old} → {new}",
                 ip=client_ip(request))
    return RedirectResponse("/console/knowledge", status_code=303)


@router.get("/search", response_class=HTMLResponse)
async def search_test(
    request: Request, q: str = "", mode: str = "hybrid", k: int = 8, user: User = role_required("admin")
) -> Response:
    """FastGPT-style search test: what the bot's retrieval finds for a question, with every score."""
    question = q.strip()[:MAX_QUESTION_CHARS]
    mode = mode if mode in MODES else "hybrid"
    k = max(1, min(k, 20))
    context = {"q": question, "mode": mode, "k": k, "modes": MODE_NAMES, "hits": None, "error": None, "version": None}
    if question:
        retriever = get_retriever()
        try:
            searcher = await run_in_threadpool(retriever.searcher)
            context["hits"] = await run_in_threadpool(searcher.search, question, k, mode)
            context["version"] = searcher.version
        except index.NoIndex:
            context["error"] = "还没有索引：先上传文件或点“重建索引”。"
        except ModelUnavailable as error:
            context["error"] = f"向量模型加载不了：{error}"
    return render(request, "knowledge_search.html", context)
