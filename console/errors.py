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
    def __init__(self, minutes: int) -> None:
        self.minutes = minutes
        super().__init__(f"登录失败次数太多，请 {minutes} 分钟后再试。")


class ChatHeldByOther(ConsoleError):
    def __init__(self, holder: str) -> None:
        super().__init__(f"这个对话已经由 {holder} 接管。")


class NotHoldingChat(ConsoleError):
    def __init__(self) -> None:
        super().__init__("请先接管这个对话再回复。")
