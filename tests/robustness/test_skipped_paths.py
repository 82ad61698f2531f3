"""Every path not read is named with why, and special files are never opened (issue 16)."""

from __future__ import annotations

import json
import os
import shutil
import threading
from pathlib import Path

from kg.cli import main
from loaders import find_documents
from tests.conftest import DOCUMENTS

PLAN = next(DOCUMENTS.glob("quang-tri_*.txt"))


def test_links_loops_and_pipes_in_a_folder_are_named(tmp_path):
    docs = tmp_path / "docs"
    (docs / "sub").mkdir(parents=True)
    shutil.copy(PLAN, docs / "sub" / "plan.txt")
    os.symlink(docs, docs / "sub" / "back-up")  # a loop: sub/back-up -> docs
    os.symlink(tmp_path / "gone.txt", docs / "dangling.txt")
    os.mkfifo(docs / "pipe.txt")
    documents, skipped = find_documents([docs])
    reasons = {Path(s.path).name: s.reason for s in skipped}
    assert [d.name for d in documents] == ["plan.txt"]  # read once, not again through the loop
    assert "a link back to a folder already read" in reasons["back-up"]
    assert "a link to nothing" in reasons["dangling.txt"]
    assert reasons["pipe.txt"].startswith("a named pipe, not a file")


def test_a_pipe_or_a_device_named_directly_is_refused_without_opening_it(tmp_path, capsys):
    os.mkfifo(tmp_path / "plan.txt")  # opening it would wait for a writer for ever
    done = threading.Event()

    def build() -> None:
        assert main(["build", str(tmp_path / "plan.txt"), "/dev/zero", "-o", str(tmp_path / "out"), "-q"]) == 1
        done.set()

    worker = threading.Thread(target=build, daemon=True)
    worker.start()
    worker.join(timeout=60)
    assert done.is_set(), "kg build hung on a pipe"
    err = capsys.readouterr().err
    assert "no document to read" in err or "nothing was built" in err


def test_the_summary_names_the_skipped_paths(tmp_path, capsys):
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(PLAN, docs / "plan.txt")
    os.symlink(tmp_path / "gone", docs / "old-folder")
    os.mkfifo(docs / "queue")
    assert main(["build", str(docs), "-o", str(tmp_path / "out"), "-q", "-f", "json", "--no-view"]) == 0
    summary = json.loads(capsys.readouterr().out)
    skipped = {Path(path).name: reason for path, reason in summary["skipped"].items()}
    assert set(skipped) >= {"old-folder", "queue"}
