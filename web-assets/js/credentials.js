// credentials.js: the officer uploads the credential authority's work from
// the ballot's page (page_ballot_officer.c; docs/ballots.md, "From the
// web"): the authority's copy of the board and credentials.public (public
// halves only), read here and posted as one JSON body
// {"board": TEXT, "map": TEXT} to POST /api/v1/ballots/CODE/credentials,
// which imports them all or none. Without JavaScript the form stays hidden
// and the page's `mandate ballot import-credentials` command is the way.

const $ = (id) => document.getElementById(id);

function main() {
  const form = $('credentials');
  if (!form) return;
  const status = $('credentials-status');
  const err = $('credentials-error');
  const button = form.querySelector('button');
  const show = (el, text) => { el.textContent = text; el.hidden = !text; };
  form.hidden = false;
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    show(err, '');
    const board = $('credentials-board').files[0];
    const map = $('credentials-map').files[0];
    if (!board || !map) { show(err, 'Choose both files: the board and credentials.public.'); return; }
    button.disabled = true;
    show(status, 'Importing…');
    try {
      const body = JSON.stringify({ board: await board.text(), map: await map.text() });
      const res = await fetch(`/api/v1/ballots/${encodeURIComponent(form.dataset.code)}/credentials`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': form.dataset.csrf },
        body,
      });
      const reply = await res.json().catch(() => ({}));
      if (res.status !== 201) throw new Error(reply.error || `The server answered ${res.status}.`);
      show(status, `${reply.imported} credentials imported. Voting opens ${reply.opens}.`);
      window.location.reload();
    } catch (e) {
      show(status, '');
      show(err, e.message);
      button.disabled = false;
    }
  });
}

main();
