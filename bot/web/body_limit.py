"""A cap on request bodies sent to the web chat API: 413 with a message a worker can read, before the app parses it.

The longest real message (MAX_TEXT_CHARS of Chinese, even as \\uXXXX escapes) fits well under the default cap; a
bigger body is a script. A declared Content-Length over the cap is refused without reading; a chunked body is read
up to the cap and refused as soon as it passes it. Only paths under `prefix` are capped (the staff console uploads
documents through the same process).
"""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core import wording

# A too-large body up to this size is read to its end (and dropped) before the 413, so the client gets the answer.
DRAIN_BYTES = 4 * 1024 * 1024


def too_large_message(max_bytes: int) -> str:
    return wording.say("bot.web.body_too_large", kb=max(1, max_bytes // 1024))


class BodySizeLimit:
    def __init__(self, app: ASGIApp, max_bytes: int, prefix: str = "/api/chat/") -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.prefix = prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.max_bytes <= 0 or not scope["path"].startswith(self.prefix):
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._drain(receive, int(declared))
            await self._refuse(send)
            return
        # Read the body here (at most max_bytes + one chunk), then hand it to the app as if it came from the socket.
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                if message.get("more_body", False):
                    await self._drain(receive, DRAIN_BYTES)
                await self._refuse(send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # after the body: wait for the disconnect as the app expects

        await self.app(scope, replay, send)

    @staticmethod
    async def _drain(receive: Receive, declared: int) -> None:
        """Read and drop the rest of a too-large body before answering: closing the connection while the client is
        still sending makes it see a reset instead of the 413 and its message. Past DRAIN_BYTES it is not worth it."""
        if declared > DRAIN_BYTES:
            return
        read = 0
        while read <= DRAIN_BYTES:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            read += len(message.get("body", b""))
            if not message.get("more_body", False):
                return

    async def _refuse(self, send: Send) -> None:
        payload = json.dumps({"error": too_large_message(self.max_bytes)}, ensure_ascii=False).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json; charset=utf-8"),
                    (b"content-length", str(len(payload)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": payload})
