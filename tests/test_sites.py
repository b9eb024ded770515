"""The site registry on its own: its table (also on a database whose console made it), codes and counts."""

from __future__ import annotations

from pathlib import Path

import pytest

import sites
from core.db import connect


@pytest.fixture
def db(tmp_path: Path):
    database = connect(tmp_path / "huxin.db")
    sites.migrate(database)
    yield database
    database.close()


def test_a_site_gets_a_readable_code_and_is_found_by_it_in_any_case(db) -> None:
    site = sites.create_site(db, "  阳光花园  三期 ", location="北京市大兴区", created_by="li")
    assert site["name"] == "阳光花园 三期" and site["employer"] is None and site["created_by"] == "li"
    assert len(site["code"]) == 6 and not set(site["code"]) & set("01OI")
    assert sites.find_site(db, f" {site['code'].lower()} ")["name"] == "阳光花园 三期"
    assert sites.find_site(db, "ZZZZZZ") is None and sites.find_site(db, None) is None
    with pytest.raises(sites.SiteNotFound, match="ZZZZZZ"):
        sites.get_site(db, "zzzzzz")


def test_a_site_needs_a_name_and_short_fields(db) -> None:
    with pytest.raises(sites.InvalidSite, match="工地名称"):
        sites.create_site(db, "   ")
    with pytest.raises(sites.InvalidSite, match="地点太长了（121 字，最多 120 字）"):
        sites.create_site(db, "阳光花园", location="北" * 121)
    assert db["sites"].count == 0


def test_the_list_takes_its_case_counts_from_the_caller(db) -> None:
    first = sites.create_site(db, "一号工地")
    second = sites.create_site(db, "二号工地")
    listed = {row["code"]: row["case_count"] for row in sites.list_sites(db, {first["code"]: 3})}
    assert listed == {first["code"]: 3, second["code"]: 0}
    assert [row["case_count"] for row in sites.list_sites(db)] == [0, 0]


def test_a_table_the_console_made_before_is_kept_with_its_sites(tmp_path: Path) -> None:
    old = connect(tmp_path / "old.db")
    old["sites"].insert({"code": "QLAWE5", "name": "阳光花园三期", "created_at": "2026-11-23T00:00:00+00:00"},
                        pk="code", not_null={"name"})
    sites.migrate(old)
    assert sites.get_site(old, "qlawe5")["name"] == "阳光花园三期"
    assert [row["name"] for row in old["_sqlite_migrations"].rows_where("migration_set = 'sites'")] == ["m001_sites"]


def test_a_reader_that_never_migrated_finds_no_site(tmp_path: Path) -> None:
    assert sites.find_site(connect(tmp_path / "bare.db"), "QLAWE5") is None


def test_links_carry_the_code(db) -> None:
    links = sites.links("QLAWE5", "http://127.0.0.1:8000/", "huxin_bot")
    assert links.web == "http://127.0.0.1:8000/?site=QLAWE5"
    assert links.telegram == "https://t.me/huxin_bot?start=QLAWE5"
    assert sites.links("QLAWE5", "http://x").telegram is None
    assert sites.qr_png(links.web).startswith(b"\x89PNG") and b"<svg" in sites.qr_svg(links.web)
