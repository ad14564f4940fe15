/*
 * The search worker of Material's search box, answering from the site's Pagefind index.
 *
 * Material's search box talks to a worker through four messages (SETUP, READY, QUERY, RESULT;
 * see Material's integrations/search/worker/message). Material's own worker receives the whole
 * search index on every page view; this one receives only Material's search configuration (the
 * build leaves Material's index empty) and answers queries with Pagefind
 * (https://pagefind.app), whose index is split into small files: nothing of it is fetched until
 * a resident types, and a query fetches only the parts of the index its words need and the
 * results it shows. Pagefind stems the words typed in the site's language (Swedish Snowball:
 * "skadegörelserna" finds "skadegörelse"), and matches the last word by prefix while typing.
 *
 * The URL of Pagefind's folder is the "pagefind" parameter of this script's URL (set in
 * hooks/theme/main.html). Pagefind runs here, inside this worker (noWorker: no second worker).
 * Results use Material's layout: title, then the date (when the page has one) and an excerpt
 * with the words found marked.
 */
(function () {
  "use strict";
  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;  // Material's worker message types
  var LIMIT = 10;  // results shown: the most relevant, each fetched as one fragment of 1-3 KB
  // Material asks at every key typed. Each query fetches the index files of its words' beginnings
  // ("k", "ko", "kom", … each a file of its own on a large site), so a query is run only once
  // typing has paused this long, and a single letter is not searched at all.
  var PAUSE = 250;  // milliseconds
  var timer = null;
  var params = new URL(self.location.href).searchParams;
  var bundle = params.get("pagefind");
  var pagefind = null;
  var latest = 0;

  // Pagefind's module tests `window` and `document` when it runs in a page; in a worker the
  // worker's global scope stands for the window, and there is no document.
  if (typeof self.window === "undefined") self.window = self;

  function load() {
    if (!pagefind) {
      pagefind = import(bundle + "pagefind.js").then(function (module) {
        return module.options({ basePath: bundle, noWorker: true }).then(function () {
          return module.init();
        }).then(function () { return module; });
      });
    }
    return pagefind;
  }

  function escapeHTML(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  // Material's query syntax (+word, -word, word*, word~1, field:word) means nothing to Pagefind:
  // only the words remain.
  function words(query) {
    return query.split(/\s+/).map(function (word) {
      return word.replace(/^[+\-]+|[*~^]\d*$/g, "").replace(/^\w+:(?=.)/, "");
    }).filter(Boolean);
  }

  function item(data, score, terms) {
    var meta = data.meta || {};
    var text = "";
    if (meta.date) text += '<p class="bulletin-search-date">' + escapeHTML(meta.date) + "</p>";
    text += "<p>" + data.excerpt + "</p>";  // Pagefind's excerpt: escaped text, <mark> around hits
    return [{
      location: String(data.raw_url || data.url).replace(/^\//, ""),
      title: escapeHTML(meta.title || data.url),
      text: text,
      score: score,
      terms: terms
    }];
  }

  function search(query, number) {
    var found = words(query);
    if (!found.length || found.join("").length < 2) {
      self.postMessage({ type: RESULT, data: { items: [] } });
      return Promise.resolve();
    }
    var terms = {};
    found.forEach(function (word) { terms[word] = true; });
    return load().then(function (module) {
      return module.search(found.join(" "));
    }).then(function (response) {
      if (number !== latest || !response) return null;
      var shown = response.results.slice(0, LIMIT);
      return Promise.all(shown.map(function (result) { return result.data(); })).then(function (data) {
        if (number !== latest) return;
        self.postMessage({ type: RESULT, data: { items: data.map(function (page, i) {
          return item(page, shown[i].score, terms);
        }) } });
      });
    }).catch(function (error) {
      console.error("search:", error);
      if (number === latest) self.postMessage({ type: RESULT, data: { items: [] } });
    });
  }

  self.addEventListener("message", function (event) {
    var message = event.data || {};
    if (message.type === SETUP) {
      self.postMessage({ type: READY });
    } else if (message.type === QUERY && typeof message.data === "string") {
      latest += 1;
      var number = latest, query = message.data;
      clearTimeout(timer);
      timer = setTimeout(function () { search(query, number); }, PAUSE);
    }
  });
})();
