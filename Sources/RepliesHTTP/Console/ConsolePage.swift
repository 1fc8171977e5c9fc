/// The staff console's HTML: one page, no framework, no external resource. The script
/// (``ConsoleScript``) fills it from the operator API; nothing in it comes from a message.
enum ConsolePage {
    static let html = #"""
    <!doctype html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="referrer" content="no-referrer">
    <title>Replies Engine · staff console</title>
    <link rel="icon" href="data:,">
    <link rel="stylesheet" href="console/app.css">
    <script src="console/app.js" defer></script>
    </head>
    <body>
    <header class="top">
      <h1>Staff console</h1>
      <button type="button" id="sign-out" hidden>Sign out</button>
    </header>
    <p id="error" class="error" role="alert" hidden></p>

    <section id="login" class="panel" aria-labelledby="login-title">
      <h2 id="login-title">Sign in</h2>
      <form id="login-form">
        <label for="token">Operator token</label>
        <input type="password" id="token" name="token" autocomplete="off" spellcheck="false" required
               placeholder="rop_…" aria-describedby="token-help">
        <p id="token-help" class="help">Made with <code>replies-engine operator-token create</code>. It is kept in this tab only.</p>
        <button type="submit" id="sign-in">Open the inbox</button>
      </form>
    </section>

    <main id="app" hidden>
      <section id="inbox" class="panel" aria-labelledby="inbox-title">
        <div class="bar">
          <h2 id="inbox-title">Waiting for a human</h2>
          <label class="check"><input type="checkbox" id="show-all"> Include handed back</label>
        </div>
        <ul id="conversations" class="list"></ul>
        <p id="inbox-empty" class="help" hidden>No conversation needs a human right now.</p>
        <button type="button" id="more" hidden>Older conversations</button>
      </section>

      <section id="conversation" class="panel" aria-labelledby="conversation-title" hidden>
        <div class="bar">
          <button type="button" id="back" class="link">← Inbox</button>
          <h2 id="conversation-title"></h2>
        </div>
        <p id="conversation-meta" class="help"></p>
        <p id="conversation-state" class="state"></p>
        <div class="actions">
          <button type="button" id="take-over">Take over</button>
          <button type="button" id="hand-back">Hand back to the AI</button>
        </div>
        <ol id="turns" class="turns" aria-live="polite"></ol>
        <form id="reply-form">
          <label for="reply">Reply as staff</label>
          <textarea id="reply" name="reply" rows="3" maxlength="1600" required></textarea>
          <p id="window-note" class="help" hidden></p>
          <div class="actions">
            <button type="submit" id="send">Send</button>
            <button type="button" id="send-template" hidden>Send the approved template instead</button>
          </div>
          <p id="send-status" class="help" role="status"></p>
        </form>
      </section>
    </main>
    </body>
    </html>

    """#
}
