"""What a worker reads about opening a case and looking it up (case number, 查询码, duplicates), in one place.

Kept out of the code that decides, so the wording can be reviewed and changed without touching the rules.
Replies are Simplified Chinese; the gateway converts them for a worker who writes Traditional.
"""

from __future__ import annotations

EXAMPLE = "HX-2026-000123 482913"

CASE_OPENED = "已登记。您的案件编号：{number}"
ACCESS_CODE = (
    "查询码：{code}\n"
    "查询码只显示这一次，请记好（可以截图）。在这个聊天里问进度不用它；换了手机或聊天，发“{number} {code}”就能查。"
    "不要把查询码告诉老板或别人。"
)
# Never the other case's number: it would tell whoever files against the same employer who complained before.
DUPLICATE_NOTICE = "同一单位已有工友投诉，我们会合并处理。您自己的记录和编号照样保留。"

ASK_FOR_NUMBER = f"没有找到这个聊天里登记过的投诉。请发案件编号和查询码（登记时给您的6位数字），例如：{EXAMPLE}"
ASK_FOR_CODE = "请再发一下这件投诉的查询码（登记时给您的6位数字，不是手机尾号），例如：{number} 482913"
NOT_FOUND = f"没有查到。请核对案件编号和查询码，例如：{EXAMPLE}。忘了查询码，请在当初登记投诉的聊天里问“我的查询码”。"
LOOKUP_LIMITED = (
    "查询失败的次数太多了，请{minutes}分钟以后再试。忘了查询码，请在当初登记投诉的聊天里问“我的查询码”，"
    "或者转人工，工作人员核实后帮您查。"
)
CODES_REISSUED = "新的查询码（原来的作废了），只显示这一次，请记好：\n{lines}\n不要把查询码告诉老板或别人。"
NO_CASE_FOR_CODE = "查询码只能在当初登记投诉的那个聊天里重新获取。换了手机或聊天的，请转人工，工作人员核实后帮您查。"


def case_opened(number: str, access_code: str | None) -> list[str]:
    lines = [CASE_OPENED.format(number=number)]
    if access_code:
        lines.append(ACCESS_CODE.format(number=number, code=access_code))
    return lines
