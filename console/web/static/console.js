// Live console: one EventSource per page; on each change htmx refreshes the fragments that listen for
// `console-changed`. A new escalation rings and shows a desktop notification so nobody misses a handoff.
(function () {
  "use strict";
  const body = document.body;
  const url = body.dataset.live;

  function beep() {
    try {
      const ctx = new (window.AudioContext || window.webkitAudioContext)();
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.frequency.value = 880;
      gain.gain.value = 0.15;
      osc.connect(gain).connect(ctx.destination);
      osc.start();
      osc.stop(ctx.currentTime + 0.35);
    } catch (e) { /* no audio: the badge and the title still change */ }
  }

  function alertEscalations(count) {
    beep();
    document.title = "（" + count + " 个新转人工）" + document.title.replace(/^（.*?）/, "");
    if ("Notification" in window && Notification.permission === "granted") {
      new Notification("护薪：有工人在等人工", { body: "共 " + count + " 个新的转人工对话，请到队列接管。" });
    }
  }

  function setWaiting(n) {
    const badge = document.getElementById("waiting-count");
    if (badge) badge.textContent = n > 0 ? String(n) : "";
  }

  if (url && window.EventSource) {
    const source = new EventSource(url);
    source.addEventListener("changed", function (event) {
      const data = JSON.parse(event.data);
      setWaiting(data.waiting);
      if (data.new_escalations && data.new_escalations.length) alertEscalations(data.new_escalations.length);
      body.dispatchEvent(new CustomEvent("console-changed", { bubbles: true }));
    });
  }

  document.addEventListener("click", function (event) {
    if (event.target && event.target.id === "enable-alerts" && "Notification" in window) {
      Notification.requestPermission();
    }
  });

  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "canned" && event.target.value) {
      const box = document.getElementById("reply-text");
      box.value = event.target.value;
      box.focus();
      event.target.value = "";
    }
  });

  // Keep the newest message in view after each refresh of the transcript.
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.target && event.target.id === "transcript") event.target.scrollTop = event.target.scrollHeight;
  });
  const transcript = document.getElementById("transcript");
  if (transcript) transcript.scrollTop = transcript.scrollHeight;
})();
