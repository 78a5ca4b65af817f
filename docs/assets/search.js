// The /search/ page: a faceted search over the Pagefind index of the statements, whose whole state lives in
// the URL (?q=&country=ZW&meeting=…&topic=…&year=…&type=…&organisation=…&sort=newest|oldest|relevance), so
// any search can be linked. Results are built as DOM nodes with textContent: no indexed text becomes HTML.

const form = document.getElementById("kp-search");
const input = document.getElementById("kp-q");
const sortSelect = document.getElementById("kp-sort");
const status = document.getElementById("kp-status");
const list = document.getElementById("kp-results");
const more = document.getElementById("kp-more");
const empty = document.getElementById("kp-empty");
const clear = document.getElementById("kp-clear");
const FACETS = [...form.querySelectorAll("fieldset[data-facet]")].map((f) => f.dataset.facet);
const PAGE_SIZE = 10;
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
  "October", "November", "December"];

form.hidden = false;

let state = readState(location.search);
let pagefind = null;
let shown = [];       // every result of the current search, in order
let rendered = 0;     // how many of them are on the page
let generation = 0;   // the newest search; an older one that finishes late is dropped
let typingTimer = 0;

// --- the URL and the form -------------------------------------------------------------------------------

function readState(search) {
  const params = new URLSearchParams(search);
  const filters = {};
  for (const key of FACETS) {
    const values = params.getAll(key).flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean);
    filters[key] = [...new Set(key === "country" ? values.map((v) => v.toUpperCase()) : values)];
  }
  const sort = params.get("sort") || "";
  return { q: (params.get("q") || "").trim(), filters, sort: ["relevance", "newest", "oldest"].includes(sort) ? sort : "" };
}

function query(s) {
  const params = new URLSearchParams();
  if (s.q) params.set("q", s.q);
  for (const key of FACETS) for (const value of s.filters[key]) params.append(key, value);
  if (s.sort) params.set("sort", s.sort);
  const text = params.toString();
  return text ? `?${text}` : "";
}

function keepInUrl(push) {
  const url = `${location.pathname}${query(state)}`;
  if (url === `${location.pathname}${location.search}`) return;
  history[push ? "pushState" : "replaceState"](null, "", url);
}

function effectiveSort(s) {
  return s.sort || (s.q ? "relevance" : "newest");
}

function showState() {
  input.value = state.q;
  for (const box of form.querySelectorAll("fieldset[data-facet] input[type=checkbox]")) {
    box.checked = state.filters[box.name].includes(box.value);
  }
  sortSelect.value = effectiveSort(state);
  sortSelect.querySelector("option[value=relevance]").disabled = !state.q;
}

function hasFilters(s) {
  return FACETS.some((key) => s.filters[key].length);
}

// --- searching ----------------------------------------------------------------------------------------

function pagefindFilters(s, except) {
  const filters = {};
  for (const key of FACETS) {
    if (key !== except && s.filters[key].length) filters[key] = { any: s.filters[key] };
  }
  return filters;
}

function options(s, except) {
  const opts = { filters: pagefindFilters(s, except) };
  const sort = effectiveSort(s);
  if (sort !== "relevance") opts.sort = { date: sort === "newest" ? "desc" : "asc" };
  return opts;
}

async function run() {
  const gen = ++generation;
  const s = state;
  list.setAttribute("aria-busy", "true");
  const term = s.q || null;
  const search = await pagefind.search(term, options(s));
  if (gen !== generation || !search) return;
  // Counts: within a facet the values are alternatives (any), across facets they all apply. A facet's
  // counts therefore come from the search without that facet's own selection.
  const counts = { ...search.filters };
  await Promise.all(FACETS.filter((key) => s.filters[key].length).map(async (key) => {
    const without = await pagefind.search(term, options(s, key));
    if (without) counts[key] = without.filters[key];
  }));
  if (gen !== generation) return;
  showCounts(counts);
  shown = search.results;
  rendered = 0;
  list.replaceChildren();
  await renderMore(gen, false);
  if (gen !== generation) return;
  announce(s, shown.length);
  list.dataset.search = query(s); // which search the list shows (tests wait for it to match the URL)
  list.setAttribute("aria-busy", "false");
}

function showCounts(counts) {
  for (const fieldset of form.querySelectorAll("fieldset[data-facet]")) {
    const values = counts[fieldset.dataset.facet] || {};
    for (const option of fieldset.querySelectorAll(".kp-facet__option")) {
      const box = option.querySelector("input");
      const n = values[box.value] || 0;
      option.querySelector(".kp-facet__count").textContent = `(${n.toLocaleString("en")})`;
      option.classList.toggle("kp-facet__option--none", n === 0 && !box.checked);
    }
  }
}

function announce(s, n) {
  const words = s.q ? ` for ${/^".*"$/.test(s.q) ? s.q : `“${s.q}”`}` : "";
  const filtered = hasFilters(s) ? " with the filters chosen" : "";
  if (n === 0) {
    status.textContent = `No statements found${words}${filtered}.`;
  } else {
    const count = `${n.toLocaleString("en")} ${n === 1 ? "statement" : "statements"}`;
    const order = { relevance: "best match first", newest: "newest first", oldest: "oldest first" }[effectiveSort(s)];
    status.textContent = `${count} found${words}${filtered}, ${order}.`;
  }
  empty.hidden = n !== 0;
  clear.hidden = !hasFilters(s);
}

async function renderMore(gen, focusFirst) {
  const slice = shown.slice(rendered, rendered + PAGE_SIZE);
  const data = await Promise.all(slice.map((r) => r.data()));
  if (gen !== generation) return;
  const items = data.map((d) => resultItem(d, state.q));
  list.append(...items);
  rendered += slice.length;
  const left = shown.length - rendered;
  more.hidden = left <= 0;
  more.textContent = `Show ${Math.min(left, PAGE_SIZE)} more (${left.toLocaleString("en")} not shown)`;
  if (focusFirst && items.length) items[0].querySelector("a").focus();
}

// --- a result -----------------------------------------------------------------------------------------

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function longDate(iso) {
  const [y, m, d] = (iso || "").split("-").map(Number);
  return y && m && d ? `${d} ${MONTHS[m - 1]} ${y}` : iso || "";
}

// The paragraph (#pN anchor) a word position falls in, with where that paragraph ends.
function paragraphAt(anchors, location) {
  let found = null;
  for (let i = 0; i < anchors.length; i++) {
    if (anchors[i].location > location) break;
    found = { anchor: anchors[i], end: i + 1 < anchors.length ? anchors[i + 1].location : Infinity };
  }
  return found;
}

function splitWords(content) {
  // As Pagefind counts words, so that its locations index into the list.
  return content.includes("\u200B") ? content.split("\u200B") : content.split(/[\r\n\s]+/g);
}

function normal(word) {
  return word.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
}

// A quoted query is a phrase: Pagefind finds the pages that hold it, but reports only its first place on a
// page (often the metadata), so the phrase's places in the text are found here, word by word.
function phraseLocations(words, q) {
  const phrase = /^\s*".+"\s*$/.test(q) ? q.trim().slice(1, -1).split(/\s+/).map(normal).filter(Boolean) : [];
  if (!phrase.length) return [];
  const normals = words.map(normal);
  const found = [];
  for (let i = 0; i + phrase.length <= normals.length; i++) {
    if (phrase.every((w, j) => normals[i + j] === w)) for (let j = 0; j < phrase.length; j++) found.push(i + j);
  }
  return found;
}

// Where to point a result: the best match inside the statement's text (a paragraph, #pN), else the first
// match anywhere (title, metadata), else, with no words searched, the start of the text.
function bestMatch(data, words, phrase) {
  const paragraphs = (data.anchors || []).filter((a) => /^p\d+$/.test(a.id)).sort((a, b) => a.location - b.location);
  const hits = [...phrase, ...(data.weighted_locations || []).slice()
    .sort((a, b) => b.balanced_score - a.balanced_score || a.location - b.location).map((h) => h.location)];
  for (const location of hits) {
    const para = paragraphAt(paragraphs, location);
    if (para) return { location, para };
  }
  if (hits.length) return { location: Math.min(...hits), para: null };
  return { location: paragraphs.length ? paragraphs[0].location : 0, para: null, start: true };
}

function excerpt(words, marks, match) {
  const lo = match.para ? match.para.anchor.location : 0;
  const hi = Math.min(words.length, match.para ? match.para.end : words.length);
  const length = 32;
  let start = match.start ? match.location : Math.max(lo, match.location - 12);
  const end = Math.min(hi, start + length);
  start = Math.max(lo, Math.min(start, end - length));
  const p = el("p", "kp-result__excerpt");
  if (start > lo && !match.start) p.append("… ");
  let first = true;
  for (let i = start; i < end; i++) {
    const word = words[i];
    if (!word || word === "¶") continue;
    if (!first) p.append(" ");
    first = false;
    if (marks.has(i)) p.append(el("mark", "", word));
    else p.append(word);
  }
  if (end < hi) p.append(" …");
  return p;
}

function resultItem(data, q) {
  const words = splitWords(data.content || "");
  const phrase = phraseLocations(words, q);
  const match = bestMatch(data, words, phrase);
  const li = el("li", "kp-result");
  const h3 = el("h3", "kp-result__title");
  const link = el("a", "", data.meta.title || data.url);
  link.href = match.para ? `${data.url}#${match.para.anchor.id}` : data.url;
  h3.append(link);
  const meta = el("p", "kp-result__meta");
  const time = el("time", "", longDate(data.meta.date));
  time.dateTime = data.meta.date || "";
  meta.append(time);
  if (data.meta.meeting) meta.append(` · ${data.meta.meeting}`);
  if (match.para) meta.append(` · paragraph ${match.para.anchor.id.slice(1)}`);
  li.append(h3, meta, excerpt(words, new Set([...(data.locations || []), ...phrase]), match));
  return li;
}

// --- wiring -------------------------------------------------------------------------------------------

function changed(push) {
  keepInUrl(push);
  showState();
  run().catch(failed);
}

input.addEventListener("input", () => {
  clearTimeout(typingTimer);
  typingTimer = setTimeout(() => {
    state = { ...state, q: input.value.trim() };
    changed(false);
  }, 250);
});

form.addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(typingTimer);
  state = { ...state, q: input.value.trim() };
  changed(true);
});

form.addEventListener("change", (event) => {
  const target = event.target;
  if (target === sortSelect) {
    state = { ...state, sort: sortSelect.value };
  } else if (target.type === "checkbox" && FACETS.includes(target.name)) {
    const values = state.filters[target.name].filter((v) => v !== target.value);
    if (target.checked) values.push(target.value);
    state = { ...state, filters: { ...state.filters, [target.name]: values } };
  } else {
    return;
  }
  changed(true);
});

clear.addEventListener("click", () => {
  state = { ...state, filters: Object.fromEntries(FACETS.map((key) => [key, []])) };
  changed(true);
  input.focus();
});

more.addEventListener("click", () => {
  renderMore(generation, true).catch(failed);
});

window.addEventListener("popstate", () => {
  state = readState(location.search);
  showState();
  run().catch(failed);
});

function failed(error) {
  console.error(error);
  list.setAttribute("aria-busy", "false");
  status.textContent = "Search could not be run here.";
  document.getElementById("kp-search-failed").hidden = false;
}

keepInUrl(false); // the canonical form of the URL it came with (?country=zw -> ?country=ZW)
showState();
try {
  // The site's root is one level above this file (assets/), wherever the site is hosted.
  const root = new URL("..", import.meta.url);
  pagefind = await import(new URL("pagefind/pagefind.js", root).href);
  // No web worker: it would be one more download (pagefind-worker.js) before the first result.
  await pagefind.options({ baseUrl: root.pathname, noWorker: true });
  await pagefind.filters(); // loads the filter index, so every search also returns counts
  await run();
} catch (error) {
  failed(error);
}
