"""What a worker can claim, and the papers to claim it.

- `claims.calculator` — owed-wage calculator (pure functions, Decimal money, each step with its legal basis).
- `claims.minimum_wage` — a small dated table of demo minimum-wage figures.
- `claims.documents` — 劳动保障监察投诉书 and 劳动人事争议仲裁申请书 as DOCX and PDF.
- `claims.from_case` — turns a plain dict of case fields into `ClaimFacts`.
- `claims.parse` — reads the numbers workers type ("五千五", "一年半", "一天300").
"""
