import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from zhengzhi.territory.models import Grid, Segment
from zhengzhi.territory.tests.conftest import BOWTIE, C1, box, collection, feature

ROOT = Path(__file__).resolve().parents[3]


def write(tmp_path, data, name="grids.geojson"):
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_it_imports_a_good_file(units, people, tmp_path, capsys):
    path = write(
        tmp_path, collection(feature(box(120, 30, 120.01, 30.01), code=C1 + "001", name="一"))
    )
    call_command("import_grids", str(path), "--actor", "admin")
    assert "1 new" in capsys.readouterr().out
    assert Grid.objects.get().code == C1 + "001"


def test_it_names_each_bad_feature_and_fails(units, people, tmp_path, capsys):
    path = write(
        tmp_path,
        collection(
            feature(box(120, 30, 120.01, 30.01), code=C1 + "001", name="一"),
            feature(BOWTIE, code=C1 + "002", name="二"),
            feature(box(120, 30, 120.01, 30.01), code="123", name="三"),
        ),
    )
    with pytest.raises(CommandError) as excinfo:
        call_command("import_grids", str(path))
    assert excinfo.value.returncode == 1
    err = capsys.readouterr().err
    assert "Feature 2 (330199001001002): Invalid geometry: Self-intersection" in err
    assert "Feature 3 (123):" in err
    assert not Grid.objects.exists()


def test_a_dry_run_saves_nothing(units, people, tmp_path, capsys):
    path = write(
        tmp_path, collection(feature(box(120, 30, 120.01, 30.01), code=C1 + "001", name="一"))
    )
    call_command("import_grids", str(path), "--dry-run")
    assert "nothing saved" in capsys.readouterr().out
    assert not Grid.objects.exists()


def test_it_imports_segments(units, people, tmp_path):
    line = {"type": "LineString", "coordinates": [[120, 30], [120.01, 30]]}
    path = write(tmp_path, collection(feature(line, code="s-1", name="路", unit="cgj")))
    call_command("import_grids", str(path), "--segments")
    assert Segment.objects.get().unit == units["dept"]


def test_a_missing_file_or_actor_is_an_error(units, tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        call_command("import_grids", str(tmp_path / "nope.geojson"))
    path = write(tmp_path, collection())
    with pytest.raises(CommandError, match="no user"):
        call_command("import_grids", str(path), "--actor", "ghost")


def test_the_process_exits_non_zero_on_a_bad_file(tmp_path):
    """The real exit status, as a shell script sees it (no database needed to refuse bad JSON)."""
    path = tmp_path / "bad.geojson"
    path.write_text("{not json")
    env = {
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "ZZ_VAR_DIR": str(tmp_path),
        "PATH": "/usr/bin:/bin",
    }
    proc = subprocess.run(
        [sys.executable, "manage.py", "import_grids", str(path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stderr
    assert "文件不是有效的 JSON" in proc.stderr  # the interface language, zh-hans by default
