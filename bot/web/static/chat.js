// Web chat client. Every message is rendered with textContent: nothing a worker or the bot writes becomes markup.
(function () {
  "use strict";
  const log = document.getElementById("log");
  const form = document.getElementById("composer");
  const input = document.getElementById("text");
  const sendButton = document.getElementById("send");
  const seen = new Set();
  let lastId = 0;

  const WHO = { agent: "人工坐席", system: "系统", bot: "护薪" };

  function render(message) {
    if (message.id && seen.has(message.id)) return;
    if (message.id) { seen.add(message.id); lastId = Math.max(lastId, message.id); }
    const bubble = document.createElement("div");
    bubble.className = "msg " + (message.direction === "in" ? "in" : "out") + " " + (message.sender || "");
    bubble.dataset.sender = message.sender || "";
    if (message.direction !== "in") {
      const who = document.createElement("span");
      who.className = "who";
      who.textContent = WHO[message.sender] || "护薪";
      bubble.appendChild(who);
    }
    const text = document.createElement("span");
    text.className = "text";
    text.textContent = message.text || "";
    bubble.appendChild(text);
    if (message.document && message.id) {
      const link = document.createElement("a");
      link.className = "doc";
      link.href = "/api/chat/files/" + message.id;
      link.textContent = "下载：" + (message.document.filename || "文件");
      bubble.appendChild(document.createElement("br"));
      bubble.appendChild(link);
    }
    if (Array.isArray(message.buttons) && message.buttons.length) {
      const row = document.createElement("div");
      row.className = "buttons";
      for (const b of message.buttons) {
        const button = document.createElement("button");
        button.type = "button";
        button.textContent = b.title;
        button.addEventListener("click", () => send(b.payload, b.title));
        row.appendChild(button);
      }
      bubble.appendChild(row);
    }
    log.appendChild(bubble);
    log.scrollTop = log.scrollHeight;
  }

  async function send(text, title) {
    if (!text.trim()) return;
    sendButton.disabled = true;
    const shown = title || text;
    const pending = { direction: "in", sender: "worker", text: shown };
    render(pending);
    try {
      const response = await fetch("/api/chat/messages", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ text: text, title: title || null }),
      });
      const body = await response.json();
      if (!response.ok) {
        render({ direction: "out", sender: "system", text: body.error || body.detail || "发送失败，请再发一次。" });
        return;
      }
      for (const reply of body.replies) render(reply);
    } catch (error) {
      render({ direction: "out", sender: "system", text: "网络不通，消息没有发出去，请稍后再发一次。" });
    } finally {
      sendButton.disabled = false;
      input.focus();
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value;
    input.value = "";
    send(text);
  });

  async function loadHistory() {
    const response = await fetch("/api/chat/history");
    if (!response.ok) return;
    const body = await response.json();
    for (const m of body.messages) render(m);
    if (!body.messages.length) send("/greet", "你好");
  }

  function listen() {
    const source = new EventSource("/api/chat/events");
    source.addEventListener("message", (event) => render(JSON.parse(event.data)));
  }

  loadHistory().then(listen);
})();
