// newsdesk pages: citation passages, a brief being written, "new since your last visit".
// Served from this app (the Content-Security-Policy allows no inline script); article
// text is only ever set with textContent, never parsed as HTML.
"use strict";

const CONTEXT = 320; // characters shown either side of a cited span

function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}

async function openPassage(link) {
  const panel = document.getElementById("passage");
  if (!panel) return false;
  const id = link.dataset.article;
  const start = Number(link.dataset.start);
  const end = Number(link.dataset.end);
  const response = await fetch("/api/articles/" + encodeURIComponent(id));
  if (!response.ok) return false;
  const article = await response.json();
  const text = article.text;
  const from = Math.max(0, start - CONTEXT);
  const to = Math.min(text.length, end + CONTEXT);
  panel.replaceChildren();
  const head = el("p", "passage-head");
  head.append(el("strong", "", "[" + link.textContent.replace(/[[\]]/g, "") + "] " +
    (article.outlet || article.title || article.id)));
  const open = el("a", "", " open the article");
  open.href = link.getAttribute("href");
  const close = el("button", "close", "close");
  close.type = "button";
  close.addEventListener("click", () => { panel.hidden = true; link.focus(); });
  head.append(" ", open, " ", close);
  const body = el("p", "passage-text");
  body.append((from > 0 ? "… " : "") + text.slice(from, start));
  body.append(el("mark", "cited focus", text.slice(start, end)));
  body.append(text.slice(end, to) + (to < text.length ? " …" : ""));
  panel.append(head, body);
  link.closest("section, li, div, p").after(panel);
  panel.hidden = false;
  return true;
}

function wireCitations() {
  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest("a.cite");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    openPassage(link).then((ok) => { if (!ok) window.location = link.href; });
  });
}

async function waitForBrief() {
  const story = document.body.dataset.story;
  if (!document.body.dataset.pending || !story) return;
  const response = await fetch("/api/stories/" + encodeURIComponent(story) + "/brief");
  if (response.ok) window.location.reload();
}

function newSinceLastVisit() {
  const story = document.body.dataset.story;
  const items = document.querySelectorAll("#sources li[data-added]");
  if (!story || !items.length || document.body.dataset.pending) return;
  const key = "newsdesk.visit." + story;
  let last = null;
  try { last = window.localStorage.getItem(key); } catch (e) { return; }
  let newest = "";
  let fresh = 0;
  items.forEach((li) => {
    const added = li.dataset.added;
    if (added > newest) newest = added;
    if (last && added > last) {
      fresh += 1;
      li.classList.add("new");
      li.querySelector(".new-badge").hidden = false;
    }
  });
  if (fresh) {
    const note = document.getElementById("new-since");
    note.textContent = fresh + " new article" + (fresh === 1 ? "" : "s") +
      " since your last visit (marked new in the sources).";
    note.hidden = false;
  }
  try { window.localStorage.setItem(key, newest); } catch (e) { /* private mode */ }
}

document.addEventListener("DOMContentLoaded", () => {
  wireCitations();
  newSinceLastVisit();
  waitForBrief();
});
