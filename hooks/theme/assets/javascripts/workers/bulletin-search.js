/*
 * Material's search worker, with the resident's words reduced to their stem.
 *
 * Material searches by prefix: it appends "*" to every word typed, and lunr
 * does not stem a word with a wildcard. So "skadegörelse" finds a page that
 * says "skadegörelsen", but "skadegörelsen" (or "skadegörelserna") does not
 * find a page that says "skadegörelse". This worker loads Material's own
 * worker (its URL is the "material" parameter of this script's URL, set in
 * hooks/theme/main.html) and, before Material sees a query, replaces each
 * plain word by its Snowball stem in the site's first search language
 * ("skadegörelserna" -> "skadegörels"), which is a prefix of every form of
 * the word. Words with Material's query syntax (+ - * ~ ^ : quotes) pass
 * unchanged.
 */
(function () {
  "use strict";
  var SETUP = 0, QUERY = 2;  // Material's worker message types
  var language = "en";

  function stem(word) {
    var lunr = self.lunr;
    var stemmer = language === "en" ? lunr && lunr.stemmer : lunr && lunr[language] && lunr[language].stemmer;
    if (!stemmer || !/^[\p{L}\p{N}]+$/u.test(word)) return word;
    var stemmed = String(stemmer(new lunr.Token(word.toLowerCase(), {})));
    return stemmed.length > 1 && stemmed.length < word.length ? stemmed : word;
  }

  function stemQuery(query) {
    return query.split(/(\s+)/).map(stem).join("");
  }

  var listen = self.addEventListener.bind(self);
  self.addEventListener = function (type, handler, options) {
    if (type !== "message") return listen(type, handler, options);
    return listen(type, function (event) {
      var message = event.data;
      if (message && message.type === SETUP && message.data && message.data.config) {
        language = (message.data.config.lang || ["en"])[0];
      } else if (message && message.type === QUERY && typeof message.data === "string") {
        message = { type: QUERY, data: stemQuery(message.data) };
      }
      return handler({ data: message });
    }, options);
  };
  importScripts(new URL(self.location.href).searchParams.get("material"));
})();
