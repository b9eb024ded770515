"""bench/blind's scoring: a reply is judged by the articles it cites, in whichever script it was written."""

from __future__ import annotations

from bench.blind.run import citations_in


def test_citations_are_read_in_simplified_and_traditional_script():
    simplified = "依据：《劳动合同法》第三十八条、第四十六条"
    traditional = "依據：《勞動合同法》第三十八條、第四十六條"  # the reply to a question written in Traditional script
    expected = {"劳动合同法#第三十八条", "劳动合同法#第四十六条"}
    assert citations_in(simplified) == expected
    assert citations_in(traditional) == expected
    assert citations_in("这个问题我没找到正好对得上的条文") == set()
