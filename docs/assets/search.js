// The /search/ page: a faceted search over the Pagefind index of the statements, whose whole state lives in
// the URL (?q=&country=ZW&meeting=…&topic=…&year=…&type=…&organisation=…&sort=newest|oldest|relevance), so
// any search can be linked. Results are built as DOM nodes with textContent: no indexed text becomes HTML.
//
// The index is in bundles (kparchive/searchindex.py), each a run of dates, oldest first, listed in the page
// with the files every query needs, which the page preloads. One Pagefind instance reads them all (mergeIndex:
// its WebAssembly is fetched once) and ranks best matches across them; Pagefind orders the merged results by
// score even when asked for a date order, so a date order is read bundle by bundle (newest bundle first for
// newest first), each bundle in its own date order. The first results are shown before anything else is
// fetched: the filters' counts (every bundle's filter index) come after them, and so do Material's scripts.

const form = document.getElementById("kp-search");
const input = document.getElementById("kp-q");
const sortSelect = document.getElementById("kp-sort");
const status = document.getElementById("kp-status");
const list = document.getElementById("kp-results");
const more = document.getElementById("kp-more");
const empty = document.getElementById("kp-empty");
const chips = document.getElementById("kp-chips");
const clear = document.getElementById("kp-clear");
const panel = document.getElementById("kp-filters");
const panelCount = document.getElementById("kp-filters-active");
const FACETS = [...form.querySelectorAll("fieldset[data-facet]")].map((f) => f.dataset.facet);
const FIRST = 5;      // results in the first batch: each is a fragment to fetch before the page is useful
const MORE = 10;      // results a "Show more" adds
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
  "October", "November", "December"];
// The page's language (the French tree, /fr/, is French): every message comes from the page, which the theme
// wrote from the interface's catalogue (overrides/search.html, kparchive/i18n.py), in either language.
const LANG = document.documentElement.lang || "en";
const STRINGS = JSON.parse(document.getElementById("kp-strings")?.textContent || "null") || {};
function msg(key, vars = {}) {
  return (STRINGS[key] || key).replace(/%\((\w+)\)s/g, (_, name) => String(vars[name]));
}
const number = (n) => n.toLocaleString(LANG === "en" ? "en" : LANG);
// Written by kparchive.searchindex; a site indexed by plain `pagefind --site site` has one index in pagefind/.
const INDEX = JSON.parse(document.getElementById("kp-search-index")?.textContent || "null")
  || { tag: null, bundles: ["pagefind/"] };
const BUNDLED = INDEX.bundles.length > 1;
const wide = window.matchMedia("(min-width: 45em)");

form.hidden = false;

let state = readState(location.search);
let pagefind = null;
let results = null;    // the current search's results: { total, got (in order, so far), next (bundles to read) }
let rendered = 0;      // how many of them are on the page
let generation = 0;    // the newest search; an older one that finishes late is dropped
let typingTimer = 0;
let allFilters = false; // every bundle's filter index is loaded, so a search's counts are complete

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

function activeCount(s) {
  return FACETS.reduce((n, key) => n + s.filters[key].length, 0);
}

function showState() {
  input.value = state.q;
  for (const box of form.querySelectorAll("fieldset[data-facet] input[type=checkbox]")) {
    box.checked = state.filters[box.name].includes(box.value);
  }
  sortSelect.value = effectiveSort(state);
  sortSelect.querySelector("option[value=relevance]").disabled = !state.q;
  const n = activeCount(state);
  panelCount.textContent = n ? msg("active", { n }) : "";
  showChips();
}

// --- the filters in use, as chips that remove them --------------------------------------------------------

function optionLabel(key, value) {
  const box = form.querySelector(`fieldset[data-facet="${key}"] input[value="${CSS.escape(value)}"]`);
  const label = box && box.labels[0];
  return label ? label.firstChild.textContent.trim() : value;
}

function showChips() {
  const items = [];
  for (const key of FACETS) {
    const legend = form.querySelector(`fieldset[data-facet="${key}"] legend`).textContent.trim();
    for (const value of state.filters[key]) {
      const button = el("button", "kp-chip");
      button.type = "button";
      button.dataset.facet = key;
      button.dataset.value = value;
      const facet = el("span", "kp-chip__facet", legend);
      facet.append(el("span", "", ":"));
      facet.lastChild.setAttribute("aria-hidden", "true");
      const x = el("span", "kp-chip__x", "×");
      x.setAttribute("aria-hidden", "true");
      button.append(el("span", "kp-visually-hidden", msg("remove")), facet, ` ${optionLabel(key, value)}`, x);
      const li = el("li");
      li.append(button);
      items.push(li);
    }
  }
  chips.querySelector("ul").replaceChildren(...items);
  chips.hidden = !items.length;
}

// --- searching ----------------------------------------------------------------------------------------

// French elisions: "d’élargir" and "d'élargir" are searched as "élargir", as a statement's page gives them to
// Pagefind (a hidden line break after the apostrophe: kparchive/text.py, whose list of elisions the form
// carries) and as the offline edition splits words at an apostrophe.
// In a phrase the elided word stays a word of its own ("l’obstruction d’élargir": l obstruction d élargir).
const ELISION = new RegExp(`(^|[^\\p{L}\\p{N}_])(${(form.dataset.elisions || "l d").split(" ").join("|")})['’ʼ]`
  + "(?=[\\p{L}\\p{N}_])", "giu");
const isPhrase = (q) => /^\s*".+"\s*$/.test(q);
const unelided = (text) => text.replace(ELISION, isPhrase(text) ? "$1$2 " : "$1");
const ELIDED = new RegExp(`^(?:${(form.dataset.elisions || "l d").split(" ").join("|")})['’ʼ]$`, "iu");

// A query's words as the index writes words (Pagefind keeps a page's letters, digits and underscores: "<img" is
// "img", "src=x" is "srcx"), so a word matches the word its page has; quotes stay, for a phrase.
const NOT_WORD = /[^\p{L}\p{M}\p{N}_\s"]/gu;

function term(s) {
  return s.q ? unelided(s.q).replace(NOT_WORD, "") : null;
}

// Pagefind finds a word it does not hold by the longest word it holds that begins it (search.rs,
// find_word_extensions): "incapacité" by "in". So a search is kept only if each of its words matched, in its
// best result, a word that begins as it does: all its letters, or at least the first third of a longer one
// (Pagefind's stemmer cuts endings: "élargir" finds "élargissement"). That result's fragment is the one the list
// shows first; a phrase (quoted) is matched exactly and needs no check.
function commonStart(a, b) {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

function matchesEveryWord(data, q) {
  const words = splitWords(data.content || "");
  const matched = (data.locations || []).map((i) => normal(unelided(words[i] || "")));
  if (!matched.length) return true; // matched in its metadata only: nothing to compare
  return unelided(q).split(/\s+/).map(normal).filter(Boolean).every((w) =>
    matched.some((x) => commonStart(x, w) >= Math.min(w.length, Math.max(3, Math.ceil(w.length / 3)))));
}

const fragments = new WeakMap(); // a result's fragment, fetched once
function dataOf(result) {
  if (!fragments.has(result)) fragments.set(result, result.data());
  return fragments.get(result);
}

// Pagefind's options for a search: within a facet the values are alternatives (any), across facets they all
// apply. `except` leaves a facet's own selection out (its counts), `bundle` keeps one bundle's pages.
function options(s, { except = null, bundle = null, sorted = true } = {}) {
  const filters = {};
  for (const key of FACETS) {
    if (key !== except && s.filters[key].length) filters[key] = { any: s.filters[key] };
  }
  if (bundle !== null) filters.bundle = String(bundle);
  const opts = { filters };
  const sort = effectiveSort(s);
  if (sorted && sort !== "relevance") opts.sort = { date: sort === "newest" ? "desc" : "asc" };
  return opts;
}

function ordered(s, search) {
  const sort = effectiveSort(s);
  if (!BUNDLED || sort === "relevance") return { total: search.results.length, got: search.results, next: [] };
  const per = search.filters.bundle || {};
  const next = INDEX.bundles.map((_, i) => i).filter((i) => per[String(i)] > 0);
  if (sort === "newest") next.reverse();
  return { total: search.results.length, got: [], next };
}

// The first n results, reading bundles in turn as far as needed (one reading at a time, so in order).
function take(res, s, n) {
  res.reading = (res.reading || Promise.resolve()).then(async () => {
    while (res.got.length < n && res.next.length) {
      const part = await pagefind.search(term(s), options(s, { bundle: res.next.shift() }));
      res.got.push(...part.results);
    }
  });
  return res.reading.then(() => res.got.slice(0, n));
}

async function run() {
  const gen = ++generation;
  const s = state;
  list.setAttribute("aria-busy", "true");
  let search = pagefind ? await pagefind.search(term(s), options(s)) : { results: [], filters: {} };
  if (gen !== generation || !search) return;
  if (search.results.length && s.q && !isPhrase(s.q) && !matchesEveryWord(await dataOf(search.results[0]), s.q)) {
    if (gen !== generation) return;
    search = { results: [], filters: {}, unmatched: true }; // a word no page holds: nothing found
  }
  results = ordered(s, search);
  rendered = 0;
  // Each result is shown as soon as it and those above it have their fragment, the first without waiting for
  // the others.
  let shown = 0;
  const items = await nextItems(gen, s, FIRST, (item) => {
    if (shown++) return list.append(item);
    list.replaceChildren(item);
    announce(s, results.total);
  });
  if (gen !== generation) return;
  if (!items.length) {
    list.replaceChildren();
    announce(s, results.total);
  }
  list.dataset.search = query(s); // which search the list shows (tests wait for it to match the URL)
  list.setAttribute("aria-busy", "false");
  startDeferredScripts();
  await showCounts(gen, s, search);
}

// The counts beside the filters, once the results are shown: the first time, every bundle's filter index is
// fetched (at 10,000 statements, more than the first results themselves). A facet with values chosen counts
// from the search without them, so its numbers say what choosing one more would add.
async function showCounts(gen, s, search) {
  if (!pagefind) return;
  if (!allFilters) {
    await pagefind.filters();
    allFilters = true;
    if (gen !== generation) return;
    if (!search.unmatched) search = await pagefind.search(term(s), options(s, { sorted: false }));
  }
  const counts = { ...search.filters };
  // A word no page holds finds nothing, with any filter (matchesEveryWord).
  await Promise.all(FACETS.filter((key) => s.filters[key].length && !search.unmatched).map(async (key) => {
    const without = await pagefind.search(term(s), options(s, { except: key, sorted: false }));
    if (without) counts[key] = without.filters[key];
  }));
  if (gen !== generation) return;
  // A value no statement of this search has is left out (a chosen one stays, to be unchosen), and a facet
  // left with none.
  for (const fieldset of form.querySelectorAll("fieldset[data-facet]")) {
    const values = counts[fieldset.dataset.facet] || {};
    let shown = 0;
    for (const option of fieldset.querySelectorAll(".kp-facet__option")) {
      const box = option.querySelector("input");
      const n = values[box.value] || 0;
      option.querySelector(".kp-facet__count").textContent = n ? `(${number(n)})` : "";
      option.hidden = n === 0 && !box.checked;
      if (!option.hidden) shown++;
    }
    fieldset.hidden = !shown;
  }
  form.dataset.counts = query(s); // which search the counts are for (tests wait for it)
}

function announce(s, n) {
  const quoted = /^".*"$/.test(s.q) ? s.q : msg("quoted", { q: s.q });
  const words = s.q ? msg("for", { q: quoted }) : "";
  const filtered = activeCount(s) ? msg("filtered") : "";
  if (n === 0) {
    status.textContent = msg("none", { words, filtered });
  } else {
    const count = n === 1 ? msg("one", { n: number(n) })
      : msg("many", { n: number(n) });
    const order = {
      relevance: msg("relevance"), newest: msg("newest"),
      oldest: msg("oldest"),
    }[effectiveSort(s)];
    status.textContent = msg(n === 1 ? "foundOne" : "found", { count, words, filtered, order });
  }
  empty.hidden = n !== 0;
}

// The next n results as list items, their fragments fetched at once; `each` is given every item, in order, as
// soon as it and those before it have their fragment.
async function nextItems(gen, s, n, each = () => {}) {
  const slice = (await take(results, s, rendered + n)).slice(rendered);
  const loading = slice.map(dataOf);
  for (const pending of loading) pending.catch(() => {}); // a failure is thrown where it is awaited, below
  const items = [];
  for (const pending of loading) {
    const d = await pending;
    if (gen !== generation) return [];
    items.push(resultItem(d, s.q));
    each(items.at(-1));
  }
  rendered += slice.length;
  const left = results.total - rendered;
  more.hidden = left <= 0;
  more.textContent = msg("more", { n: Math.min(left, MORE), left: number(left) });
  return items;
}

let addingMore = false;

async function showMore() {
  if (addingMore) return; // a second press before the first is done
  addingMore = true;
  try {
    const items = await nextItems(generation, state, MORE);
    list.append(...items);
    if (items.length) items[0].querySelector("a").focus();
  } finally {
    addingMore = false;
  }
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
  if (!(y && m && d)) return iso || "";
  if (LANG === "en") return `${d} ${MONTHS[m - 1]} ${y}`;
  const written = new Intl.DateTimeFormat(LANG, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" })
    .format(new Date(Date.UTC(y, m - 1, d)));
  return LANG === "fr" ? written.replace(/^1 /, "1er ") : written; // French writes the first as an ordinal
}

// The paragraph (#pN anchor) a word position falls in, with where that paragraph ends: at the next element with
// an id (the next paragraph, a heading), as Pagefind lists them (`anchors`, in order).
function paragraphAt(anchors, location) {
  let found = null;
  for (let i = 0; i < anchors.length && anchors[i].location <= location; i++) {
    found = /^p\d+$/.test(anchors[i].id)
      ? { anchor: anchors[i], end: i + 1 < anchors.length ? anchors[i + 1].location : Infinity } : null;
  }
  return found && location < found.end ? found : null;
}

// A statement's hidden line of its countries' other names ("DRC", "RDC": kparchive/templates/statement.html.j2)
// is searched but never quoted: the words of a match there are not the page's.
const NAMES = "kp-search-names";
function inNames(anchors, location) {
  const i = anchors.findIndex((a) => a.id === NAMES);
  return i >= 0 && location >= anchors[i].location && (i + 1 >= anchors.length || location < anchors[i + 1].location);
}

function splitWords(content) {
  // As Pagefind counts words, so that its locations index into the list.
  return content.includes("\u200B") ? content.split("\u200B") : content.split(/[\r\n\s]+/g);
}

function normal(word) {
  return word.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^\p{L}\p{N}_]+/gu, "");
}

// A quoted query is a phrase: Pagefind finds the pages that hold it, but reports only its first place on a
// page (often the metadata), so the phrase's places in the text are found here, word by word.
function phraseLocations(words, q) {
  const phrase = isPhrase(q) ? unelided(q).trim().slice(1, -1).split(/\s+/).map(normal).filter(Boolean) : [];
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
  const anchors = (data.anchors || []).slice().sort((a, b) => a.location - b.location);
  const paragraphs = anchors.filter((a) => /^p\d+$/.test(a.id));
  const hits = [...phrase, ...(data.weighted_locations || []).slice()
    .sort((a, b) => b.balanced_score - a.balanced_score || a.location - b.location).map((h) => h.location)]
    .filter((location) => !inNames(anchors, location));
  for (const location of hits) {
    const para = paragraphAt(anchors, location);
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
    if (!first && !ELIDED.test(words[i - 1] || "")) p.append(" "); // "d’élargir", split only for Pagefind
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
  if (data.meta.language) link.lang = data.meta.language; // a title in French is marked so
  link.href = match.para ? `${data.url}#${match.para.anchor.id}` : data.url;
  h3.append(link);
  const meta = el("p", "kp-result__meta");
  const time = el("time", "", longDate(data.meta.date));
  time.dateTime = data.meta.date || "";
  meta.append(time);
  if (data.meta.meeting) meta.append(` · ${data.meta.meeting}`);
  if (match.para) meta.append(` · ${msg("paragraph", { n: match.para.anchor.id.slice(1) })}`);
  // A match in the text is quoted around it; with no words searched (filters only), or words found only in the
  // title or the facts (whose words are the panel's: "Date", "Countries"…), the statement's summary instead.
  const quoted = match.para || (!data.meta.summary && q)
    ? excerpt(words, new Set([...(data.locations || []), ...phrase]), match)
    : el("p", "kp-result__excerpt", data.meta.summary || "");
  if (data.meta.language) quoted.lang = data.meta.language; // the statement's words, in its language
  li.append(h3, meta, quoted);
  return li;
}

// --- Material's scripts, after the first results ------------------------------------------------------

function startDeferredScripts() {
  const template = document.getElementById("kp-deferred-scripts");
  if (!template) return;
  template.remove();
  let last = null;
  for (const old of template.content.querySelectorAll("script")) {
    const script = document.createElement("script");
    for (const { name, value } of old.attributes) script.setAttribute(name, value);
    script.textContent = old.textContent;
    script.async = false; // in their order, as the page had them
    document.body.append(script);
    if (old.src) last = script;
  }
  // Material starts on DOMContentLoaded, which has passed: tell it the document is ready, as it was.
  const ready = () => document.dispatchEvent(new Event("DOMContentLoaded"));
  if (last) last.addEventListener("load", ready, { once: true });
  else ready();
}

// --- wiring -------------------------------------------------------------------------------------------

function changed(push) {
  keepInUrl(push);
  showState();
  run().catch(failed);
}

function setFilter(key, value, on) {
  const values = state.filters[key].filter((v) => v !== value);
  if (on) values.push(value);
  state = { ...state, filters: { ...state.filters, [key]: values } };
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
    setFilter(target.name, target.value, target.checked);
  } else {
    return;
  }
  changed(true);
});

chips.addEventListener("click", (event) => {
  const chip = event.target.closest("button.kp-chip");
  if (!chip) return;
  const all = [...chips.querySelectorAll("button.kp-chip")];
  const at = all.indexOf(chip);
  setFilter(chip.dataset.facet, chip.dataset.value, false);
  changed(true);
  // Focus stays among the chips (the one that took this one's place), or returns to the words.
  const left = [...chips.querySelectorAll("button.kp-chip")];
  (left[Math.min(at, left.length - 1)] || input).focus();
});

clear.addEventListener("click", () => {
  state = { ...state, filters: Object.fromEntries(FACETS.map((key) => [key, []])) };
  changed(true);
  input.focus();
});

more.addEventListener("click", () => {
  showMore().catch(failed);
});

window.addEventListener("popstate", () => {
  state = readState(location.search);
  showState();
  run().catch(failed);
});

// Beside the results on a wide screen the filters are open; on a phone, above the results, folded.
panel.open = wide.matches;
wide.addEventListener("change", () => { panel.open = wide.matches; });

function failed(error) {
  console.error(error);
  list.setAttribute("aria-busy", "false");
  status.textContent = msg("failed");
  document.getElementById("kp-search-failed").hidden = false;
  startDeferredScripts();
}

keepInUrl(false); // the canonical form of the URL it came with (?country=zw -> ?country=ZW)
showState();
// Nothing searched yet (the header's button, a link to the search page): the box is ready to type in.
if (!state.q && !activeCount(state)) input.focus({ preventScroll: true });
try {
  if (INDEX.bundles.length) {
    // This tree's root (/, or /fr/ for French), wherever the site is hosted: the page says where it is from
    // there; this script is the English tree's, which every tree shares (kparchive/mkdocs_hook.py).
    const root = new URL(form.dataset.root || "../", location.href);
    pagefind = await import(new URL("pagefind/pagefind.js", root).href);
    const common = { baseUrl: root.pathname, ...(INDEX.tag ? { metaCacheTag: INDEX.tag } : {}) };
    const bundle = (i) => (BUNDLED ? { mergeFilter: { bundle: String(i) } } : {});
    // No web worker: it would be one more download (pagefind-worker.js) before the first result.
    await pagefind.options({ ...common, ...bundle(0), basePath: new URL(INDEX.bundles[0], root).pathname,
      noWorker: true });
    await Promise.all(INDEX.bundles.slice(1).map((path, i) =>
      pagefind.mergeIndex(new URL(path, root).pathname, { ...common, ...bundle(i + 1) })));
  }
  await run();
} catch (error) {
  failed(error);
}
