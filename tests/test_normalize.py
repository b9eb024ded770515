import pytest

from bot.normalize import normalize_text, to_script


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("我的工資被老闆拖欠了三個月", "我的工资被老板拖欠了三个月"),
        ("ＨＸ－２０２６－０００１２３", "HX-2026-000123"),
        ("电话１３８００１３８０００", "电话13800138000"),
        ("包工头跑了😭😭 咋整👍🏻", "包工头跑了 咋整"),
        ("  欠了\t两万\n\n块  ", "欠了 两万 块"),
        ("\x00\x07工资\u200b", "工资"),
        ("🙏🙏🙏", ""),
    ],
)
def test_text_is_normalised_before_nlu(original: str, expected: str) -> None:
    assert normalize_text(original).text == expected


def test_traditional_writer_is_detected_and_answered_in_traditional() -> None:
    assert normalize_text("老闆不給錢怎麼辦").script == "traditional"
    assert normalize_text("老板不给钱怎么办").script == "simplified"
    assert to_script("请拨打 12333 劳动保障监察", "traditional") == "請撥打 12333 勞動保障監察"
    assert to_script("请拨打 12333", "simplified") == "请拨打 12333"
