"""briefing.extract_many: the pipeline over a dask.bag, on a LocalCluster of 2 workers, gives the
briefings `briefing batch` gives; and a plain install never imports dask."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import cli
from briefing.errors import ConfigError

HERE = Path(__file__).parent
GOLD = [HERE / "fixtures" / "gold" / "team-dev.jsonl", HERE / "fixtures" / "gold" / "web-dev.jsonl"]


def write_articles(folder: Path, count: int) -> list[Path]:
    """``count`` article files from the project's gold texts, repeated under new names as needed."""
    texts = [json.loads(line)["text"] for path in GOLD
             for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    folder.mkdir(parents=True)
    paths = []
    for n in range(count):
        path = folder / f"article-{n:03d}.txt"
        path.write_text(texts[n % len(texts)], encoding="utf-8")
        paths.append(path)
    return paths


def lines_of(folder: Path, pattern: str) -> list[dict]:
    return [json.loads(line) for part in sorted(folder.glob(pattern))
            for line in part.read_text(encoding="utf-8").splitlines()]


def test_a_local_cluster_of_two_workers_gives_what_batch_gives(tmp_path):
    distributed = pytest.importorskip("distributed")  # the dev extra installs it; CI has it
    from briefing import extract_many

    paths = write_articles(tmp_path / "in", 200)
    batch = CliRunner().invoke(cli, ["batch", str(tmp_path / "in"), "-o", str(tmp_path / "batch"),
                                     "-f", "json", "--engine", "rules"])
    assert batch.exit_code == 0, batch.output
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None)
    with cluster, distributed.Client(cluster) as client:
        assert len(client.scheduler_info()["workers"]) == 2
        summary = extract_many(paths, tmp_path / "dask", partitions=8)
    assert (summary["written"], summary["failed"], summary["partitions"]) == (200, 0, 8)
    briefings = lines_of(tmp_path / "dask", "briefings-*.jsonl")
    assert len(briefings) == 200
    assert [b["article"]["source"] for b in briefings] == [str(p) for p in paths]  # input order kept
    for briefing in briefings:
        written = tmp_path / "batch" / f"{Path(briefing['article']['source']).stem}.json"
        assert briefing == json.loads(written.read_text(encoding="utf-8"))
    assert not list((tmp_path / "dask").glob("failures-*.jsonl"))


def test_a_bad_article_is_a_failure_line_and_the_others_are_written(tmp_path):
    pytest.importorskip("dask")
    from briefing import extract_many

    paths = write_articles(tmp_path / "in", 3)
    (tmp_path / "in" / "empty.txt").write_text("   \n", encoding="utf-8")
    said = 'Mayor Jane Roe said: "We will rebuild the bridge."'
    records = [{"id": "wire-1", "outlet": "Wire", "text": said},
               {"id": "wire-2", "body": "no text field"}]
    summary = extract_many([*paths, tmp_path / "in" / "empty.txt", *records], tmp_path / "out",
                           scheduler="sync")
    assert (summary["written"], summary["failed"]) == (4, 2)
    failures = {f["input"]: f for f in lines_of(tmp_path / "out", "failures-*.jsonl")}
    assert set(failures) == {str(tmp_path / "in" / "empty.txt"), "wire-2"}
    assert failures["wire-2"]["error_type"] == "InputError" and "'text'" in failures["wire-2"]["error"]
    written = lines_of(tmp_path / "out", "briefings-*.jsonl")
    wire = next(b for b in written if b["article"]["source"] == "wire-1")
    assert wire["article"]["outlet"] == "Wire"
    assert [q["speaker"] for q in wire["quotes"]] == ["Jane Roe"]


def test_parquet_holds_one_row_per_article_with_its_briefing(tmp_path):
    pytest.importorskip("dask")
    pq = pytest.importorskip("pyarrow.parquet")
    from briefing import extract_many

    paths = write_articles(tmp_path / "in", 5)
    summary = extract_many(paths, tmp_path / "out", output_format="parquet", partitions=2,
                           scheduler="sync")
    assert summary["written"] == 5
    table = pq.read_table(tmp_path / "out" / "briefings.parquet").to_pylist()
    assert sorted(r["source"] for r in table) == [str(p) for p in paths]
    for row in table:
        briefing = json.loads(row["briefing"])
        assert row["quotes"] == len(briefing["quotes"]) and briefing["article"]["source"] == row["source"]


def test_wrong_output_format_is_a_config_error(tmp_path):
    pytest.importorskip("dask")
    from briefing import extract_many

    with pytest.raises(ConfigError, match="jsonl"):
        extract_many(["a.txt"], tmp_path, output_format="csv")  # type: ignore[arg-type]


NO_DASK = textwrap.dedent(
    """
    import sys

    class RefuseDask:
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in ("dask", "distributed"):
                raise ImportError(f"{name} imported without the dask extra")
            return None

    sys.meta_path.insert(0, RefuseDask())
    from briefing.cli import main
    sys.argv = ["briefing", *sys.argv[1:]]
    main()
    """
)


def test_without_the_extra_nothing_imports_dask_and_extract_many_says_what_to_install(tmp_path):
    write_articles(tmp_path / "in", 3)
    first, second = str(tmp_path / "in" / "article-000.txt"), str(tmp_path / "in" / "article-001.txt")
    for args in (["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--engine", "rules", "-j", "2"],
                 ["generate", first, "-f", "html", "-o", str(tmp_path / "a.html")],
                 ["story", first, second]):
        run = subprocess.run([sys.executable, "-c", NO_DASK, *args], capture_output=True, text=True,
                             timeout=120)
        assert run.returncode == 0, run.stderr
    probe = NO_DASK.split("from briefing.cli")[0] + textwrap.dedent(
        """
        from briefing import extract_many
        from briefing.errors import ConfigError
        try:
            extract_many(["a.txt"], "out")
        except ConfigError as exc:
            print(exc)
        """
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60,
                         cwd=tmp_path)
    assert 'pip install "briefing[dask]"' in run.stdout, run.stderr


def test_a_run_that_dies_leaves_the_previous_outputs_as_they_were(tmp_path, monkeypatch):
    pytest.importorskip("dask")
    import briefing.many as many

    paths = write_articles(tmp_path / "in", 4)
    many.extract_many(paths, tmp_path / "out", partitions=2, scheduler="sync")
    before = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()}
    real = many.write_part

    def dies_on_the_second(outcomes, number, output_dir, output_format):
        if number == 1:
            raise OSError("disk full")
        return real(outcomes, number, output_dir, output_format)

    monkeypatch.setattr(many, "write_part", dies_on_the_second)
    with pytest.raises(OSError, match="disk full"):
        many.extract_many(paths[:3], tmp_path / "out", partitions=2, scheduler="sync")
    assert {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()} == before  # no staging left either
