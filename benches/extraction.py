#!/usr/bin/env python3
"""Main-content extraction measured on the public article extraction benchmark.

    cargo build --release && benches/extraction.py

Runs `wpconvert convert PAGE --to html --no-front-matter --no-fix` on each of the benchmark's
181 saved pages (../shared/corpus/pages/article-extraction-benchmark/), takes the text of the
article it wrote (paragraphs on lines of their own), and scores it with the benchmark's own
`evaluate.py`, in a copy of the benchmark folder in a temporary directory: the pages are never
written into the repository. Prints the scorer's F1, precision and recall, and the slowest page.

WPCONVERT=path/to/wpconvert picks the binary (default: target/release/wpconvert).
EXTRACTION_WORST=20 also lists the 20 pages that cost the most (false and missed shingles);
EXTRACTION_KEEP=DIR keeps each page's extracted and marked text there. Also prints the peak
memory of one 50 MB page (the first page's body repeated), by /usr/bin/time.
"""

import gzip
import html.parser
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCHMARK = ROOT.parent / "shared/corpus/pages/article-extraction-benchmark"
BINARY = Path(os.environ.get("WPCONVERT", ROOT / "target/release/wpconvert"))

BLOCKS = {
    "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
    "table", "tr", "td", "th", "figure", "figcaption", "br", "hr", "dl", "dt", "dd", "section",
    "article", "header", "footer",
}


class Text(html.parser.HTMLParser):
    """The text of HTML as a reader sees it, each block on a line of its own."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "head", "title"):
            self.hidden += 1
        elif tag in BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "head", "title"):
            self.hidden = max(0, self.hidden - 1)
        elif tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)

    def text(self):
        lines = ("".join(self.parts)).split("\n")
        return "\n".join(" ".join(line.split()) for line in lines if line.strip())


def big_page_memory(work, truth):
    """Time and peak memory for 50 MB pages built three ways: the first benchmark page's body
    repeated, the bodies of all 181 pages in turn (a realistic mix of markup, scripts and
    text), and paragraphs of text only (a page that is all article, the worst case: every
    node of the tree and of the document model is content)."""
    if not Path("/usr/bin/time").is_file():
        print("50 MB page: /usr/bin/time is missing, peak memory not measured")
        return
    bodies = []
    for key in sorted(truth):
        page = gzip.decompress((BENCHMARK / "html" / f"{key}.html.gz").read_bytes()).decode(
            "utf-8", "replace")
        lower = page.lower()
        start = lower.find(">", lower.find("<body")) + 1
        bodies.append(page[start:lower.rfind("</body>")])
    prose = "<p>Some words of a paragraph, with <b>bold</b> and <i>italic</i> text in it.</p>\n"
    for name, parts in [
        ("first page's body repeated", lambda: bodies[:1]),
        ("all 181 bodies in turn", lambda: bodies),
        ("paragraphs only", lambda: [prose]),
    ]:
        big = work / "big.html"
        with big.open("w") as out:
            out.write("<html><head><title>Big</title></head><body>")
            written, turn = 0, 0
            pieces = parts()
            while written < 50_000_000:
                piece = pieces[turn % len(pieces)]
                out.write(f"<div>{piece}</div>")
                written += len(piece) + len("<div></div>")
                turn += 1
            out.write("</body></html>")
        run = subprocess.run(
            ["/usr/bin/time", "-v", str(BINARY), "convert", str(big), "--no-fix", "--force",
             "-o", str(work / "big.md")],
            capture_output=True, text=True)
        peak = next((line.split(":")[1].strip() for line in run.stderr.splitlines()
                     if "Maximum resident" in line), "?")
        seconds = next((line.split(": ", 1)[1].strip() for line in run.stderr.splitlines()
                        if "Elapsed" in line), "?")
        size = big.stat().st_size / 1e6
        print(f"{size:.0f} MB page ({name}): peak memory "
              f"{int(peak) // 1024 if peak.isdigit() else peak} MB, {seconds} "
              f"(exit {run.returncode})")


def main():
    if not BENCHMARK.is_dir():
        sys.exit(f"{BENCHMARK} is absent: the benchmark cannot run")
    if not BINARY.is_file():
        sys.exit(f"{BINARY} is missing: build it first (cargo build --release)")
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        for name in ("evaluate.py", "ground-truth.json"):
            shutil.copy(BENCHMARK / name, work / name)
        (work / "output").mkdir()
        truth = json.loads((work / "ground-truth.json").read_text())
        output = {}
        slowest = (0.0, "")
        failures = []
        for key in truth:
            page = work / f"{key}.html"
            page.write_bytes(gzip.decompress((BENCHMARK / "html" / f"{key}.html.gz").read_bytes()))
            start = time.perf_counter()
            run = subprocess.run(
                [str(BINARY), "convert", str(page), "--to", "html", "--no-front-matter",
                 "--no-fix", "-q"],
                capture_output=True,
            )
            seconds = time.perf_counter() - start
            slowest = max(slowest, (seconds, key))
            if run.returncode not in (0, 1) or b"panicked" in run.stderr:
                failures.append(f"{key}: exit {run.returncode}: {run.stderr[:300]!r}")
            parser = Text()
            parser.feed(run.stdout.decode("utf-8", "replace"))
            output[key] = {"articleBody": parser.text()}
            page.unlink()
        version = subprocess.run([str(BINARY), "--version"], capture_output=True, text=True)
        (work / "output" / "wpconvert.json").write_text(json.dumps(
            {"version": version.stdout.split()[-1] if version.stdout else "", "output": output}))
        scored = subprocess.run(
            [sys.executable, "evaluate.py", "--n-bootstrap", "200"], cwd=work,
            capture_output=True, text=True)
        print(scored.stdout, end="")
        print(scored.stderr, end="", file=sys.stderr)
        print(f"slowest page: {slowest[1][:12]}… {slowest[0]:.2f} s (the process included)")
        worst = int(os.environ.get("EXTRACTION_WORST", "0"))
        if worst:
            # The pages that cost the most, by the scorer's own shingle matching.
            sys.path.insert(0, str(work))
            import evaluate

            rows = []
            for key, value in truth.items():
                tp, fp, fn = evaluate.string_shingle_matching(
                    true=value.get("articleBody", ""), pred=output[key]["articleBody"])
                precision = tp / (tp + fp) if tp + fp else 1.0
                recall = tp / (tp + fn) if tp + fn else 1.0
                rows.append((fp + fn, precision, recall, key, value.get("url", "")))
            for cost, precision, recall, key, url in sorted(rows, reverse=True)[:worst]:
                print(f"{key[:12]}  precision {precision:.2f}  recall {recall:.2f}  {url}")
        if os.environ.get("EXTRACTION_KEEP"):
            keep = Path(os.environ["EXTRACTION_KEEP"])
            keep.mkdir(parents=True, exist_ok=True)
            for key in output:
                (keep / f"{key}.txt").write_text(output[key]["articleBody"])
                (keep / f"{key}.truth.txt").write_text(truth[key].get("articleBody", ""))
        big_page_memory(work, truth)
        for failure in failures:
            print("FAILED", failure)
        sys.exit(1 if failures or scored.returncode else 0)


if __name__ == "__main__":
    main()
