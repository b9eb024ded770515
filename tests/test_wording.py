"""The wording catalogue (core/wording.py, one ``wording.yml`` per area): every entry renders, a slip in a file or a
call fails with the key and the file, the files ship with the package, a hotline's edit reaches the worker — and no
new worker-facing Chinese sentence is written into Python (a ratchet on what is still there).
"""

from __future__ import annotations

import ast
import re
import shutil
import tomllib
from pathlib import Path

import pytest

from core import wording
from core.wording import WordingError
from tests.project import PACKAGES, ROOT

CJK = re.compile(r"[\u4e00-\u9fff]")

# --- (a) every entry renders; mistakes are named -------------------------------------------------------------------


def test_every_area_has_entries_and_every_entry_renders_with_its_variables() -> None:
    assert {"actions", "bot", "cases", "claims", "console", "knowledge"} <= set(wording.areas())
    entries = wording.catalogue()
    assert len(entries) > 150
    for key, entry in entries.items():
        values = {name: entry.examples.get(name, f"<{name}>") for name in entry.variables}
        text = wording.say(key, **values)
        assert text.strip(), f"{key} in {entry.file} is empty"
        assert all(f"<{name}>" in text for name in entry.variables if name not in entry.examples)
        # every field filled: no "{name}" is left over for a worker to read
        assert not re.search(r"\{[A-Za-z_]\w*\}", text), f"{key} in {entry.file}: {text!r}"


def test_a_wrong_key_or_variable_is_named_with_its_file() -> None:
    with pytest.raises(WordingError, match=r"'cases.no_such_sentence' is not in .*cases/wording.yml"):
        wording.say("cases.no_such_sentence")
    with pytest.raises(WordingError, match=r"no wording file for area 'nowhere'"):
        wording.say("nowhere.hello")
    with pytest.raises(WordingError, match=r"'cases.case_opened' in .*cases/wording.yml: missing \['number'\]"):
        wording.say("cases.case_opened")
    with pytest.raises(WordingError, match=r"'cases.case_opened' in .*: unexpected \['code'\]"):
        wording.say("cases.case_opened", number="HX-2026-000001", code="123456")
    assert wording.say("cases.case_opened", number="HX-2026-000001") == "已登记。您的案件编号：HX-2026-000001"


def _catalogue_copy(tmp_path: Path) -> Path:
    for area in wording.areas():
        (tmp_path / area).mkdir()
        shutil.copy(ROOT / area / wording.FILE_NAME, tmp_path / area / wording.FILE_NAME)
    return tmp_path


@pytest.mark.parametrize("text, problem", [
    ('greeting: "您好，{name"\n', "Single '}' encountered|expected '}'"),
    ('greeting: "您好，{0}"\n', "must be a plain name"),
    ('greeting:\n  text: "您好，{name}"\n  variables: [who]\n',
     r"declares variables \['who'\] but the text uses \['name'\]"),
    ('greeting: [1, 2]\n', "expected a text"),
    ('greeting: "a\n  b: c\n', "not valid YAML"),
])
def test_a_broken_catalogue_file_fails_loudly(tmp_path: Path, text: str, problem: str) -> None:
    (tmp_path / "hotline").mkdir()
    (tmp_path / "hotline" / wording.FILE_NAME).write_text(text, encoding="utf-8")
    with wording.using(tmp_path), pytest.raises(WordingError, match=problem):
        wording.say("hotline.greeting", name="x")


def test_a_literal_brace_is_written_doubled(tmp_path: Path) -> None:
    (tmp_path / "hotline").mkdir()
    (tmp_path / "hotline" / wording.FILE_NAME).write_text('menu: "发 {{1}} 查进度，{name}"\n', encoding="utf-8")
    with wording.using(tmp_path):
        assert wording.say("hotline.menu", name="工友") == "发 {1} 查进度，工友"


def test_every_key_the_code_names_is_in_the_catalogue() -> None:
    """A typo in a literal key fails here, not in front of a worker. (Keys built at run time — a status, a field
    name — are covered by the tests of the code that builds them.)"""
    entries = wording.catalogue()
    missing = []
    for path, tree in _shipped_modules():
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "wording"
                    and node.args and isinstance(node.args[0], ast.Constant)):
                key = node.args[0].value
                if node.func.attr in ("say", "template") and key not in entries:
                    missing.append(f"{path}:{node.lineno} {key}")
                if node.func.attr == "group" and not any(k.startswith(key + ".") for k in entries):
                    missing.append(f"{path}:{node.lineno} group {key}")
    assert not missing, "keys not in any wording.yml:\n" + "\n".join(missing)


def test_the_catalogue_files_ship_with_the_package() -> None:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]
    assert wording.FILE_NAME.endswith(".yml") and "*.yml" in data["*"]
    for area in wording.areas():
        assert area in PACKAGES and (ROOT / area / "__init__.py").is_file(), f"{area}/wording.yml is in no package"


def test_files_are_read_once_per_process(tmp_path: Path) -> None:
    root = _catalogue_copy(tmp_path)
    with wording.using(root):
        before = wording.say("bot.busy")
        (root / "bot" / wording.FILE_NAME).write_text('busy: "改了"\n', encoding="utf-8")
        assert wording.say("bot.busy") == before  # cached: the file is not read again for each reply


# --- (c) a hotline changes a sentence: the worker gets the new one --------------------------------------------------


def _edit(root: Path, area: str, old: str, new: str) -> None:
    file = root / area / wording.FILE_NAME
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1
    file.write_text(text.replace(old, new), encoding="utf-8")


def test_a_hotline_edit_reaches_the_worker(tmp_path: Path) -> None:
    from bot import gateway
    from cases import intake, notifications, status_reply
    from claims.explain import format_estimate
    from claims.calculator import Estimate

    root = _catalogue_copy(tmp_path)
    _edit(root, "cases", "工作人员会尽快联系您。", "工作人员三个工作日内联系您。")
    _edit(root, "cases", "请留一个能联系到您的手机号", "请留一个手机号")
    _edit(root, "cases", '没有查到。请核对', '查不到。请核对')
    _edit(root, "bot", "系统有点忙，", "系统正忙，")
    _edit(root, "claims", "按您说的情况，估算如下：", "按您说的，大概是：")
    case = {"case_number": "HX-2026-000007"}
    assert notifications.render(case, "已受理")[0] == "您的投诉 HX-2026-000007 已受理，工作人员会尽快联系您。"
    with wording.using(root):
        assert notifications.render(case, "已受理")[0] == "您的投诉 HX-2026-000007 已受理，工作人员三个工作日内联系您。"
        assert intake.QUESTIONS["phone"].startswith("请留一个手机号，也可以点下面的按钮")
        assert status_reply.NOT_FOUND.startswith("查不到。")
        assert gateway.PLEASE_RESEND.startswith("系统正忙，")
        assert format_estimate(Estimate(items=())).startswith("按您说的，大概是：\n合计：")
    assert notifications.render(case, "已受理")[0].endswith("工作人员会尽快联系您。")  # back to the shipped file


def test_a_hotline_edit_reaches_the_claims_documents_and_the_calculation(tmp_path: Path) -> None:
    """The papers a worker downloads and the calculator's working are worded in claims/wording.yml: an edited copy
    changes the DOCX file, its caption and the estimate's steps; the shipped file is untouched."""
    import docx

    from claims import documents
    from claims.calculator import UnpaidWages, Wage, calculate
    from claims.documents import ClaimFacts, DocumentFormat, DocumentKind, compose, generate
    from claims.explain import format_estimate

    (tmp_path / "catalogue").mkdir()
    root = _catalogue_copy(tmp_path / "catalogue")
    _edit(root, "claims", "拖欠{me}工资至今未付。", "拖欠{me}工资，至今分文未付。")
    _edit(root, "claims", '"________（未填写）"', '"________（请填写）"')
    _edit(root, "claims", "请核对内容，手写签名和日期后提交。", "请核对内容，签名并写上日期后提交。")
    _edit(root, "claims", 'title: "应得工资"', 'title: "应发工资"')
    facts = ClaimFacts(worker_name="张三", employer="某某建筑劳务公司")
    kind = DocumentKind.ARBITRATION_APPLICATION
    shipped = compose(kind, facts).text
    assert "被申请人拖欠申请人工资至今未付。" in shipped and "性别：________（未填写）" in shipped

    def written(out: Path) -> tuple[str, str]:
        document = generate(facts, out, kinds=[kind], formats=[DocumentFormat.DOCX])[0]
        return "\n".join(p.text for p in docx.Document(str(document.path)).paragraphs), document.caption

    with wording.using(root):
        text, caption = written(tmp_path / "edited")
        assert "被申请人拖欠申请人工资，至今分文未付。" in text and "至今未付" not in text
        assert "性别：________（请填写）" in text and documents.BLANK == "________（请填写）"
        assert caption.startswith("劳动人事争议仲裁申请书（Word版）。请核对内容，签名并写上日期后提交。")
        estimate = calculate(UnpaidWages(Wage.daily(300), 20))
        assert estimate.items[0].steps[0].title == "应发工资"
        assert "1. 应发工资：每天300.00元 × 20天 = 6000.00元" in format_estimate(estimate)
    text, caption = written(tmp_path / "shipped")
    assert text == shipped and caption.startswith("劳动人事争议仲裁申请书（Word版）。请核对内容，手写签名和日期后提交。")
    assert calculate(UnpaidWages(Wage.daily(300), 20)).items[0].steps[0].title == "应得工资"


# --- (b) the ratchet: no worker-facing Chinese sentence in Python outside the catalogue ----------------------------

# Modules that hold only words to PARSE what workers write (vocabularies, patterns): not wording, never counted, so
# teaching a parser a new way workers write does not trip this test.
PARSERS = {"cases/extract.py", "knowledge/words.py", "bot/normalize.py",  # nlu/ is not a shipped package
           "cases/month_span.py", "cases/location.py", "cases/numbers.py", "cases/person_names.py",
           "cases/parties.py", "cases/phone.py", "knowledge/split.py"}

# What is left, per module: how many string literals with Chinese characters it may still hold, and why. A count may
# only go down: moving text to a wording.yml fails this test until the number here is lowered to match.
ALLOWED: dict[str, tuple[int, str]] = {
    # Parsing what workers write (as PARSERS, but in modules that also do other things)
    "claims/parse.py": (74, "parses the calculator's answers (numbers, periods, yes/no words)"),
    "cases/intake.py": (6, "skip words and 匿名/不详 slot values"),
    "actions/status.py": (8, "words that decline to leave a rating comment (不用了, 跳过 …)"),
    "cases/duplicates.py": (6, "company suffixes and titles stripped to compare employers"),
    "cases/opening.py": (21, "patterns that sort an opening message (complaint, question, calculation, a fact alone, "
                             "a signed contact, words of work, a rule's subject, a grievance told, how much, another "
                             "matter of life, words of work rights, a paper)"),
    "cases/status_reply.py": (1, "the pattern that recognises a request for a new 查询码"),
    "claims/from_case.py": (10, "field values and words it parses (匿名, 没签/签了, organisation suffixes, the "
                                 "总包/项目方 mark the form writes, a title that is no owner's name) and one DocumentError "
                                 "for the log and CLI"),
    "cases/store.py": (3, "匿名/不详 field values, a duplicate link's reason for staff"),
    "core/dialogue.py": (1, "the 约 of number slots as conversations saved before typed slots hold them"),
    "actions/intake.py": (2, "不详 (the contractor slot's unknown value) and a red case's hand-over reason for staff"),
    # Data, not sentences: names of laws and documents cited, status and colour names stored in the database
    "claims/legal_basis.py": (60, "legal citations: document names and article numbers, as data"),
    "claims/documents.py": (16, "respondent roles as stored and parsed (用人单位, 总包 …) and their aliases, the "
                                "numerals that number respondents, the 宋体 font, the PDF's author, a DocumentError"),
    "claims/minimum_wage.py": (25, "city and province names of the minimum wage table"),
    "cases/workflow.py": (7, "case status names, stored in the database and shown as they are"),
    "cases/config.py": (3, "triage colour names (红/橙/蓝), configuration values"),
    "cases/triage.py": (12, "colour names and the triage reasons written for staff"),
    "cases/stats.py": (4, "colour and region names in staff statistics"),
    "cases/data/make_place_pinyin.py": (6, "offline generator of a data file, run by hand"),
    "actions/warmup.py": (2, "sample messages run through NLU at start-up, never sent"),
    # Staff, not workers: the console's pages and errors, CLIs, hand-over reasons, argparse descriptions
    "console/web/routes_cases.py": (44, "console pages (staff)"),
    "console/errors.py": (33, "console error pages (staff)"),
    "cases/cli.py": (31, "command-line tool output (staff)"),
    "console/knowledge_jobs.py": (30, "knowledge upload job messages in the console (staff)"),
    "console/web/routes_chats.py": (18, "console messages to the agent (staff); the worker's lines are in console/"
                                        "wording.yml"),
    "console/web/routes_knowledge.py": (12, "console pages (staff)"),
    "console/db.py": (10, "seed rows of the agents' canned replies, which staff edit in the console"),
    "console/chats.py": (9, "chat state labels in the console (staff)"),
    "console/web/routes_audit.py": (8, "audit log labels (staff)"),
    "sites/registry.py": (8, "site form labels and errors in the console (staff)"),
    "console/web/app.py": (6, "console pages (staff)"),
    "cases/errors.py": (6, "exception messages for logs and staff"),
    "console/web/routes_supervision.py": (4, "console pages (staff)"),
    "console/users.py": (4, "role names in the console (staff)"),
    "console/web/routes_sites.py": (3, "console pages (staff)"),
    "claims/__main__.py": (3, "command-line tool (staff)"),
    "knowledge/cli.py": (2, "command-line tool (staff)"),
    "knowledge/cards.py": (2, "card file validation messages (staff)"),
    "console/web/routes_users.py": (2, "console pages (staff)"),
    "console/web/routes_auth.py": (2, "console login page (staff)"),
    "cases/assignment.py": (2, "assignment notes in the case history (staff)"),
    "knowledge/read.py": (1, "document reading (staff upload)"),
    "knowledge/ingest.py": (1, "document ingestion (staff upload)"),
    "console/web/routes_minimum_wage.py": (1, "console page (staff)"),
    "console/web/formatting.py": (1, "console formatting (staff)"),
    "console/cli.py": (1, "command-line tool (staff)"),
    "sites/errors.py": (1, "site error for the console (staff)"),
    "bot/gateway.py": (1, "the danger hand-over reason, for staff"),
    "actions/handoff.py": (1, "the hand-over reason, for staff"),
    "actions/answer.py": (1, "the hand-over reason, for staff"),
    "bot/web/app.py": (1, "the web app's title for OpenAPI (never shown to workers)"),
    "bot/web/__main__.py": (1, "argparse description"),
    "bot/telegram.py": (1, "argparse description"),
    "actions/server.py": (1, "argparse description"),
    "backup/__main__.py": (1, "argparse description"),
}


def _shipped_modules() -> list[tuple[str, ast.Module]]:
    modules = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            modules.append((path.relative_to(ROOT).as_posix(), ast.parse(path.read_text(encoding="utf-8"))))
    return modules


def chinese_literals(tree: ast.Module) -> list[ast.Constant]:
    """String constants with Chinese characters, docstrings left out (comments are not in the tree)."""
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    return [node for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in docstrings and CJK.search(node.value)]


def test_no_new_worker_facing_sentence_in_python() -> None:
    found = {path: chinese_literals(tree) for path, tree in _shipped_modules() if path not in PARSERS}
    problems = []
    for path, literals in sorted(found.items()):
        allowed = ALLOWED.get(path, (0, ""))[0]
        if len(literals) > allowed:
            shown = "; ".join(f"line {n.lineno}: {n.value[:30]!r}" for n in literals[:5])
            problems.append(f"{path}: {len(literals)} Chinese string literals, {allowed} allowed — a sentence a worker"
                            f" reads belongs in a wording.yml (core/wording.py); {shown}")
        elif len(literals) < allowed:
            problems.append(f"{path}: {len(literals)} Chinese string literals now — lower ALLOWED to {len(literals)}")
    gone = sorted(set(ALLOWED) - {path for path, literals in found.items() if literals})
    problems += [f"{path}: listed in ALLOWED but holds no Chinese literal (remove it)" for path in gone]
    assert not problems, "\n".join(problems)


def test_the_ratchet_finds_a_new_sentence() -> None:
    tree = ast.parse('"""文档字符串不算。"""\nimport re\nWORDS = re.compile("欠薪")\n\ndef reply():\n'
                     '    """也不算。"""\n    return f"您好，{1}号"  # 注释不算\n')
    assert [node.value for node in chinese_literals(tree)] == ["欠薪", "您好，", "号"]
