"""Three-colour triage with thresholds from configuration."""

import pytest

from cases.config import load_config
from cases.triage import triage


@pytest.mark.parametrize(
    "amount,workers,text,colour",
    [
        (500_000, 3, "", "红"),        # amount threshold is inclusive
        (499_999, 3, "", "橙"),
        (30_000, 10, "", "红"),        # 群体性
        (30_000, 9, "", "橙"),
        (3_000, 1, "老板说再要钱就打人", "红"),  # danger word
        (8_000, 1, "", "蓝"),          # simple
        (8_000, 2, "", "橙"),
        (25_000, 1, "", "橙"),
    ],
)
def test_colours(amount, workers, text, colour):
    assert triage(amount, workers, text).colour == colour


def test_danger_words_are_reported_so_the_worker_is_told_to_call_110():
    result = triage(3_000, 1, "工友说要跳楼")
    assert result.urgent and result.danger_words == ["跳楼"]


def test_thresholds_come_from_configuration(tmp_path):
    override = tmp_path / "cases.toml"
    override.write_text("[triage]\nred_amount = 100000\nred_workers = 5\n", encoding="utf-8")
    config = load_config(override)
    assert triage(120_000, 2, "", config).colour == "红"
    assert triage(20_000, 5, "", config).colour == "红"
    assert config.duplicate_window_days == 90  # untouched keys keep the shipped values
