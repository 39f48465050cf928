"""Rebuild src/briefsite/stories/reference_df.tsv, the fixed document-frequency reference that story grouping
weighs terms by, from the bodies of the shared corpus (181 scrapinghub-aeb + 20 newspaper4k articles, MIT).

Not a test: run it by hand (`.venv/bin/python tests/grouping/make_reference.py`); the output is deterministic.
The reference holds no labels, only how many of these articles contain each term.
"""

from __future__ import annotations

import json
from pathlib import Path

from briefsite.stories.terms import REFERENCE_FILE, build_reference

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
TARGET = Path(__file__).resolve().parents[2] / "src" / "briefsite" / "stories" / REFERENCE_FILE


def corpus_texts() -> list[str]:
    """Every body of the shared corpus, in a fixed order."""
    truth = json.loads((CORPUS / "scrapinghub-aeb" / "ground-truth.json").read_text("utf-8"))
    texts = [truth[key]["articleBody"] for key in sorted(truth)]
    texts += [path.read_text("utf-8") for path in sorted((CORPUS / "newspaper4k" / "txt").glob("*.txt"))]
    return texts


def main() -> None:
    texts = corpus_texts()
    TARGET.write_text(build_reference(texts), "utf-8", newline="\n")
    print(f"{TARGET}: {len(texts)} documents")


if __name__ == "__main__":
    main()
