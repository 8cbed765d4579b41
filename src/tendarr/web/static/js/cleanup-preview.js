/* Cleanup rules editor: "Preview matches" for the unsaved editor state, with paging.
 * Mixed into the `cleanupPage` component by js/cleanup.js; loaded without `defer`. */
(function () {
  "use strict";

  const PAGE = 25;

  function list(data, ...keys) {
    for (const key of keys) if (Array.isArray(data[key])) return data[key];
    return [];
  }

  window.CleanupPreview = {
    /* Evaluate the editor's rule now; `offset` pages through the matches. */
    async preview(offset = 0) {
      if (!this.editor) return;
      this.previewing = true;
      this.editorError = "";
      try {
        const url = `/api/cleanup/rules/preview?limit=${PAGE}&offset=${offset}`;
        const data = await window.Tendarr.api("POST", url, this.ruleDocument());
        this.result = this.previewResult(data, offset);
      } catch (err) {
        this.result = null;
        this.editorError = err.message;
      }
      this.previewing = false;
    },
    previewResult(data, offset) {
      const counts = data.counts || {};
      const matches = list(data, "matches", "items");
      const kept = list(data, "kept", "unknown", "kept_unknown");
      return {
        matches,
        kept,
        offset: data.offset ?? offset,
        limit: data.limit ?? PAGE,
        matchCount: counts.matches ?? data.total ?? data.match_count ?? matches.length,
        keptCount: counts.kept ?? data.kept_total ?? data.kept_count ?? kept.length,
        evaluated: counts.evaluated ?? data.evaluated ?? null,
        totalSize: data.match_bytes ?? data.total_size ?? data.total_size_bytes ?? 0,
        problems: list(data, "problems", "warnings"),
      };
    },
    itemId(item) {
      return item.item_id ?? item.media_item_id ?? item.id;
    },
    itemSize(item) {
      return window.Tendarr.formatSize(item.size ?? item.size_bytes ?? 0);
    },
    /* Structured conditions read best ("days_since_added 412 > 365"); else the lines. */
    reasons(item) {
      const list = item.conditions && item.conditions.length ? item.conditions : item.reasons || [];
      return list.map((r) => window.Cleanup.formatReason(r));
    },
    get rangeText() {
      const r = this.result;
      if (!r || !r.matchCount) return "";
      const last = Math.min(r.offset + r.matches.length, r.matchCount);
      return `${r.offset + 1}\u2013${last} of ${r.matchCount}`;
    },
    get hasPrev() {
      return !!this.result && this.result.offset > 0;
    },
    get hasNext() {
      const r = this.result;
      return !!r && r.offset + r.limit < Math.max(r.matchCount, r.keptCount);
    },
    prevPage() {
      this.preview(Math.max(0, this.result.offset - this.result.limit));
    },
    nextPage() {
      this.preview(this.result.offset + this.result.limit);
    },
    sizeText(bytes) {
      return bytes ? window.Tendarr.formatSize(bytes) : "0 B";
    },
  };
})();
