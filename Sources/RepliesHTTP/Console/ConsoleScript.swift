/// The staff console's script: the operator API (`/operator/v1`) from the browser, with the
/// token in `sessionStorage` (never in a URL), every text the API returns written with
/// `textContent` (message bodies are the public's input), polling for changes, one
/// `Idempotency-Key` per intended message kept across retries, and the API's errors in words.
enum ConsoleScript {
    static let javascript = #"""
    "use strict";
    (() => {
      const POLL_MS = 4000;
      const $ = (id) => document.getElementById(id);
      const state = { token: sessionStorage.getItem("replies.operatorToken"), open: null, timer: null,
                      draft: null, cursor: null, detail: null };

      class ApiError extends Error {
        constructor(status, body) {
          const error = (body && body.error) || {};
          super(error.message || ("HTTP " + status));
          this.status = status; this.code = error.code || "http_" + status; this.extra = error;
        }
      }

      async function api(method, path, body, headers) {
        const init = { method, headers: Object.assign({ "Authorization": "Bearer " + state.token }, headers || {}) };
        if (body !== undefined) { init.headers["Content-Type"] = "application/json"; init.body = JSON.stringify(body); }
        let response;
        try { response = await fetch("operator/v1" + path, init); }
        catch (e) { throw new ApiError(0, { error: { code: "network", message: "The engine cannot be reached." } }); }
        const text = await response.text();
        let json = null;
        try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
        if (!response.ok) throw new ApiError(response.status, json);
        return { status: response.status, json };
      }

      const segment = (value) => encodeURIComponent(value);
      const conversationPath = (c) => "/conversations/" + segment(c.primary_channel) + "/" + segment(c.conversation_id);

      function explain(error) {
        switch (error.code) {
          case "unauthorized": return "This token is not valid any more (unknown or revoked). Paste a valid token.";
          case "not_found": return "This conversation does not exist, or not for your company.";
          case "whatsapp_window_closed":
            return "WhatsApp accepts a free-form message only within 24 hours of the person's last message. Nothing was sent." +
              (error.extra.template_available ? " You can send the company's approved template instead." : " No template is configured for this company.");
          case "template_unavailable": return "No approved template is configured for this company. Nothing was sent.";
          case "idempotency_key_in_progress": return "The previous attempt is still being sent; try again in a moment.";
          case "idempotency_key_reused": return "This message was already used for another text; press Send again.";
          case "send_failed":
            return "The provider refused the message" + (error.extra.provider_code ? " (error " + error.extra.provider_code + ")" : "") + ". Nothing was sent.";
          case "payload_too_large": return "The message is too long.";
          case "unavailable": case "network": case "http_502": case "http_503": case "http_504":
            return "The engine is temporarily unavailable. Nothing is lost: try again (the same message is never sent twice).";
          case "invalid_request": case "invalid_json": return "The request was refused: " + error.message;
          default: return "Something went wrong (" + error.code + "): " + error.message;
        }
      }

      function showError(message) { const box = $("error"); box.textContent = message || ""; box.hidden = !message; }

      function masked(text) {
        if (!text) return "";
        const at = text.lastIndexOf("@");
        if (at > 0) return text.slice(0, 1) + "•••" + text.slice(at);
        return text.length > 6 ? text.slice(0, 3) + "•••" + text.slice(-2) : "•••";
      }

      function when(iso) {
        if (!iso) return "";
        const date = new Date(iso);
        return isNaN(date) ? iso : date.toLocaleString();
      }

      function element(tag, className, text) {
        const node = document.createElement(tag);
        if (className) node.className = className;
        if (text !== undefined && text !== null) node.textContent = text;
        return node;
      }

      // ---- sign in / out
      function signedIn(yes) {
        $("login").hidden = yes; $("app").hidden = !yes; $("sign-out").hidden = !yes;
        if (!yes) { clearInterval(state.timer); state.timer = null; state.open = null; $("token").focus(); }
      }

      async function signIn(event) {
        event.preventDefault();
        state.token = $("token").value.trim();
        try {
          await loadInbox();
          sessionStorage.setItem("replies.operatorToken", state.token);
          $("token").value = "";
          signedIn(true); showError("");
          startPolling();
          openLinkedConversation();
        } catch (error) { showError(explain(error)); }
      }

      function signOut() { sessionStorage.removeItem("replies.operatorToken"); state.token = null; signedIn(false); }

      function handle(error) {
        if (error.code === "unauthorized") { signOut(); }
        showError(explain(error));
      }

      // ---- inbox
      async function loadInbox(more) {
        const params = new URLSearchParams({ state: $("show-all").checked ? "all" : "handed_off", limit: "25" });
        if (more && state.cursor) params.set("cursor", state.cursor);
        const { json } = await api("GET", "/conversations?" + params.toString());
        renderInbox(json, more);
      }

      function renderInbox(page, more) {
        const list = $("conversations");
        if (!more) list.replaceChildren();
        for (const item of page.conversations) {
          const li = element("li");
          const button = element("button");
          button.type = "button";
          button.dataset.conversation = item.conversation_id;
          if (state.open && state.open.conversation_id === item.conversation_id) button.setAttribute("aria-current", "true");
          const who = element("span", "who", (item.recipient_name ? item.recipient_name + " · " : "") + masked(item.recipient) + " · " + item.channel);
          if (item.waiting_count > 0) { who.append(" "); who.append(element("span", "badge", item.waiting_count + " waiting")); }
          button.append(who);
          button.append(element("span", "why", (item.state === "handed_off" ? "With a human" : "With the AI") +
            (item.reason ? ": " + item.reason : "") + (item.handed_off_at ? " · " + when(item.handed_off_at) : "")));
          if (item.last_message_preview) button.append(element("span", "preview", item.last_message_preview));
          button.addEventListener("click", () => openConversation(item));
          li.append(button);
          list.append(li);
        }
        state.cursor = page.next_cursor;
        $("more").hidden = !page.next_cursor;
        $("inbox-empty").hidden = list.children.length > 0;
      }

      // ---- one conversation
      async function openConversation(item) {
        state.open = { primary_channel: item.primary_channel, conversation_id: item.conversation_id };
        state.draft = null;
        $("reply").value = ""; $("send-status").textContent = "";
        $("app").classList.add("reading");
        $("conversation").hidden = false;
        for (const button of $("conversations").querySelectorAll("button")) {
          button.setAttribute("aria-current", String(button.dataset.conversation === item.conversation_id));
        }
        try { await loadConversation(); $("conversation-title").focus(); } catch (error) { handle(error); }
      }

      async function loadConversation() {
        if (!state.open) return;
        const { json } = await api("GET", conversationPath(state.open));
        state.detail = json;
        renderConversation(json);
      }

      function renderConversation(c) {
        $("conversation-title").textContent = (c.recipient_name ? c.recipient_name + " · " : "") + c.recipient;
        $("conversation-title").tabIndex = -1;
        $("conversation-meta").textContent = c.channel + (c.status ? " · status " + c.status : "") +
          (c.window_closes_at && c.channel === "whatsapp" ? " · free-form replies until " + when(c.window_closes_at) : "");
        const human = c.state === "handed_off";
        const stateLine = $("conversation-state");
        stateLine.textContent = human
          ? "A human has this conversation" + (c.handed_off_by ? " (" + c.handed_off_by + ")" : "") + (c.reason ? ": " + c.reason : "") + ". The AI does not answer."
          : "The AI answers this conversation.";
        stateLine.className = "state " + (human ? "human" : "ai");
        $("take-over").hidden = human; $("hand-back").hidden = !human;
        const windowNote = $("window-note");
        windowNote.hidden = c.free_form_reply_possible;
        windowNote.textContent = c.free_form_reply_possible ? "" :
          "More than 24 hours since the person's last WhatsApp message: only the approved template can be sent.";
        $("send-template").hidden = c.free_form_reply_possible || !c.template_available;

        const turns = $("turns");
        const atBottom = turns.lastElementChild ? isNearBottom() : true;
        turns.replaceChildren();
        for (const turn of c.turns) {
          const li = element("li", turn.role);
          const who = turn.role === "user" ? (c.recipient_name || "Person")
            : turn.role === "assistant" ? "AI" : "Staff" + (turn.operator_name ? " (" + turn.operator_name + ")" : "");
          li.append(element("span", "meta", who + " · " + when(turn.timestamp)));
          li.append(document.createTextNode(turn.content));
          turns.append(li);
        }
        for (const staged of c.staged) {
          const li = element("li", "user waiting");
          li.append(element("span", "meta", (c.recipient_name || "Person") + " · " + when(staged.received_at) + " · waiting"));
          li.append(document.createTextNode(staged.body));
          turns.append(li);
        }
        if (atBottom) window.scrollTo(0, document.body.scrollHeight);
      }

      function isNearBottom() { return window.innerHeight + window.scrollY >= document.body.scrollHeight - 80; }

      async function changeState(action, body) {
        try {
          await api("POST", conversationPath(state.open) + "/" + action, body);
          showError("");
          await Promise.all([loadConversation(), loadInbox()]);
        } catch (error) { handle(error); }
      }

      // One key per intended message: kept while the same text is retried, new for a new text.
      function keyFor(payload) {
        const text = JSON.stringify(payload);
        if (!state.draft || state.draft.text !== text || state.draft.conversation !== state.open.conversation_id) {
          state.draft = { text, conversation: state.open.conversation_id, key: crypto.randomUUID() };
        }
        return state.draft.key;
      }

      async function send(payload) {
        const button = $("send"); button.disabled = true; $("send-template").disabled = true;
        $("send-status").textContent = "Sending…";
        try {
          await api("POST", conversationPath(state.open) + "/messages", payload, { "Idempotency-Key": keyFor(payload) });
          state.draft = null; $("reply").value = "";
          $("send-status").textContent = "Sent.";
          showError("");
          await loadConversation();
        } catch (error) {
          if (error.code === "idempotency_key_reused") state.draft = null;
          $("send-status").textContent = "";
          handle(error);
        } finally { button.disabled = false; $("send-template").disabled = false; }
      }

      // A handoff notice's `console_url` ends in `#conversation=<primary_channel>/<conversation_id>`
      // (each percent-encoded): open that conversation once signed in.
      function openLinkedConversation() {
        const match = /^#conversation=([^/]+)\/(.+)$/.exec(location.hash);
        if (!match) return;
        try {
          openConversation({ primary_channel: decodeURIComponent(match[1]), conversation_id: decodeURIComponent(match[2]) });
        } catch (e) { showError("The link names no conversation."); }
      }

      function startPolling() {
        clearInterval(state.timer);
        state.timer = setInterval(async () => {
          if (document.hidden || !state.token) return;
          try { await loadInbox(); if (state.open) await loadConversation(); } catch (error) { handle(error); }
        }, POLL_MS);
      }

      document.addEventListener("DOMContentLoaded", () => {
        $("login-form").addEventListener("submit", signIn);
        $("sign-out").addEventListener("click", signOut);
        $("show-all").addEventListener("change", () => loadInbox().catch(handle));
        $("more").addEventListener("click", () => loadInbox(true).catch(handle));
        $("back").addEventListener("click", () => { $("app").classList.remove("reading"); state.open = null; $("conversation").hidden = true; });
        $("take-over").addEventListener("click", () => changeState("handoff", { reason: "taken over in the staff console" }));
        $("hand-back").addEventListener("click", () => changeState("handback", {}));
        $("reply-form").addEventListener("submit", (event) => {
          event.preventDefault();
          const text = $("reply").value.trim();
          if (text) send({ text });
        });
        $("send-template").addEventListener("click", () => send({ template: { variables: {} } }));
        if (state.token) {
          loadInbox().then(() => { signedIn(true); startPolling(); openLinkedConversation(); })
            .catch((error) => { signOut(); showError(explain(error)); });
        } else { signedIn(false); }
      });
    })();

    """#
}
