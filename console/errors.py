"""Named errors of the console, each with a message a staff member can act on."""


class ConsoleError(Exception):
    """Base class."""


class UnknownRole(ConsoleError):
    def __init__(self, role: str) -> None:
        super().__init__(f"没有这个角色：{role!r}（可选 agent / supervisor / admin）")


class UserExists(ConsoleError):
    def __init__(self, username: str) -> None:
        super().__init__(f"用户名 {username!r} 已经存在。")


class UserNotFound(ConsoleError):
    def __init__(self, username: str) -> None:
        super().__init__(f"没有用户 {username!r}。")


class WeakPassword(ConsoleError):
    def __init__(self, minimum: int) -> None:
        super().__init__(f"密码至少要 {minimum} 个字符。")


class InvalidUsername(ConsoleError):
    def __init__(self, username: str) -> None:
        super().__init__(f"用户名 {username!r} 不可用：只能用 2–32 个字母、数字、点、下划线或短横线。")


class LoginFailed(ConsoleError):
    def __init__(self) -> None:
        super().__init__("用户名或密码不对。")


class LoginThrottled(ConsoleError):
    """Too many recent failures for this name from this address (or from this address overall): wait a little."""

    def __init__(self, seconds: int) -> None:
        self.seconds = seconds
        super().__init__(f"登录失败次数太多，请 {seconds} 秒后再试。")


class WrongCurrentPassword(ConsoleError):
    def __init__(self) -> None:
        super().__init__("当前密码不对，密码没有修改。")


class SamePassword(ConsoleError):
    def __init__(self) -> None:
        super().__init__("新密码不能和当前密码一样。")


class ChatHeldByOther(ConsoleError):
    def __init__(self, holder: str) -> None:
        super().__init__(f"这个对话已经由 {holder} 接管。")


class NotHoldingChat(ConsoleError):
    def __init__(self) -> None:
        super().__init__("请先接管这个对话再回复。")


class CannotDisableSelf(ConsoleError):
    def __init__(self) -> None:
        super().__init__("不能停用自己正在使用的账号（请另一位管理员操作）。")


class UnsupportedUpload(ConsoleError):
    def __init__(self, filename: str, allowed: tuple[str, ...]) -> None:
        suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
        kind = f".{suffix} 文件" if suffix else "没有扩展名的文件"
        super().__init__(f"不支持上传 {kind}（{filename}）。可以上传：{' '.join(allowed)}。当前索引没有变。")


class UploadTooLarge(ConsoleError):
    def __init__(self, limit_mb: int) -> None:
        super().__init__(f"文件太大，最多 {limit_mb} MB。当前索引没有变。")


class EmptyUpload(ConsoleError):
    def __init__(self) -> None:
        super().__init__("没有收到文件内容（文件是空的，或者没有选择文件）。")


class InvalidEffectiveDate(ConsoleError):
    def __init__(self, value: str) -> None:
        super().__init__(f"施行日期 {value!r} 看不懂，请写成 2020-05-01 这样的日期。")


class InvalidDocumentKind(ConsoleError):
    def __init__(self, value: str) -> None:
        super().__init__(f"文件类型 {value!r} 不认识，请选“自动判断”“法规条文”或“普通文本”。")


class IngestJobNotFound(ConsoleError):
    def __init__(self, job_id: int) -> None:
        super().__init__(f"没有编号为 {job_id} 的导入任务（网页进程重启后，之前的任务记录不再保留）。")


class OwnPasswordHere(ConsoleError):
    def __init__(self) -> None:
        super().__init__("自己的密码请在“我的账号”里修改（需要输入当前密码）。")
