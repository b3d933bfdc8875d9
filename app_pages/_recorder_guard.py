"""Keeps a just-stopped recording from being thrown away by a click that moves the page on.

Why this is needed: after "Stop recording", the browser first turns the recording into a WAV file
and only then uploads it; nothing reaches the server before that, and for a long answer it takes
seconds (about 9 s for a 6-minute answer on a busy two-core laptop). A click on "Stop here",
"Next question" or "Re-record" in that window reran the page without the recording; the new page
no longer had the recorder, and removing it cancels its upload: the answer was lost.

So, in the browser: from "Stop recording" until the page has run with the recording (its upload
done, the answer saved), such a click is held, a note says the recording is being saved, and the
click is made again once the page is ready. A click on one of them while still recording first
stops the recording. Our own script (no user text in it), built on the same page markers the
browser tests use; if they ever change, the server still saves every recording it receives first.
"""
from __future__ import annotations

import inspect

import streamlit as st

# Buttons that replace or reset the recorder; a click on them waits for the recording.
HELD_BUTTONS = ("Next question", "Finish the interview", "Stop here", "Re-record this answer")
SAVING_NOTE = "Saving your recording…"

_SCRIPT = """
<script>
(() => {
  if (window.__callbackRecorderGuard) return;
  window.__callbackRecorderGuard = true;
  const HELD = %(held)s;
  const NOTE = %(note)s;
  const MAX_WAIT_MS = 600000;  // an upload that never comes (an error in the recorder) frees the page
  let busy = null;             // {since, idle, ran, held}
  let note = null;

  const recorder = () => document.querySelector('[data-testid="stAudioInput"]');
  const scriptState = () => document.querySelector('[data-testid="stApp"]')?.getAttribute('data-test-script-state');
  const labelOf = (button) => (button.innerText || '').trim();

  function showNote(text) {
    if (!note) {
      note = document.createElement('div');
      note.setAttribute('role', 'status');
      note.setAttribute('data-testid', 'callbackSavingNote');
      note.style.cssText = 'position:fixed;left:50%%;bottom:1.5rem;transform:translateX(-50%%);z-index:1000000;' +
        'background:#1f2937;color:#fff;padding:.6rem 1rem;border-radius:.5rem;font:15px sans-serif;' +
        'box-shadow:0 2px 8px rgba(0,0,0,.3)';
      document.body.appendChild(note);
    }
    note.textContent = text;
  }
  function hideNote() { if (note) { note.remove(); note = null; } }

  function release() {
    const held = busy && busy.held;
    busy = null;
    hideNote();
    if (held) {
      setTimeout(() => {
        const again = [...document.querySelectorAll('button')].find((b) => labelOf(b) === held && !b.disabled);
        if (again) again.click();
      }, 100);
    }
  }

  function check() {
    if (!busy) return;
    const rec = recorder();
    const state = scriptState();
    // The recorder's upload ends with a run of the page that carries the recording (nothing else
    // reruns the page meanwhile: the clicks that would are held); once that run is over, it is saved.
    // (a run already going when the recording stopped does not count: it started without it).
    if (state !== 'running') busy.idle = true;
    else if (busy.idle) busy.ran = true;
    if ((busy.ran && state !== 'running') || !rec ||
        (rec.innerText || '').includes('An error has occurred') || Date.now() - busy.since > MAX_WAIT_MS) {
      release();
    }
  }

  document.addEventListener('click', (event) => {
    const button = event.target && event.target.closest ? event.target.closest('button') : null;
    if (!button) return;
    const rec = recorder();
    if (rec && rec.contains(button) && button.getAttribute('aria-label') === 'Stop recording') {
      busy = {since: Date.now(), idle: false, ran: false, held: null};
      showNote(NOTE);
      return;
    }
    const label = labelOf(button);
    if (!HELD.includes(label)) return;
    const stop = rec && rec.querySelector('button[aria-label="Stop recording"]');
    if (!busy && stop) stop.click();  // still recording: stop, keep the answer, then move on
    if (!busy) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    busy.held = label;
    showNote(NOTE + ' “' + label + '” follows as soon as it is saved.');
  }, true);

  new MutationObserver(check).observe(document.body, {
    subtree: true, childList: true, attributes: true, attributeFilter: ['data-test-script-state'],
  });
  setInterval(check, 500);
})();
</script>
"""


def install() -> None:
    """Add the guard to the page (once per browser tab; later calls render the same element).

    In the sidebar: drawn in the main area after the question, it was seen to make the browser
    mount the question's <audio> element a second time, and Streamlit plays a given audio element
    by itself only on its first mount (the question no longer played on its own).
    """
    if "unsafe_allow_javascript" not in inspect.signature(st.html).parameters:
        return  # an older Streamlit: the server-side "save first" still applies
    import json

    with st.sidebar:
        st.html(_SCRIPT % {"held": json.dumps(list(HELD_BUTTONS)), "note": json.dumps(SAVING_NOTE)},
                unsafe_allow_javascript=True)
