"""Hypothesis strategies: random but valid unit specs, and random damage done to real ones."""

from __future__ import annotations

import yaml
from hypothesis import strategies as st

from generator.bench import FACTS
from generator.catalogs import load_catalog

CATALOG = load_catalog(2023)
FUNCTIONS = sorted(c for c in CATALOG.functions if len(c) == 7 and c[:3] in CATALOG.functions and c[:5] in CATALOG.functions)
ECONOMICS = sorted(c for c in CATALOG.economics if len(c) == 5 and c[:3] in CATALOG.economics)
SOURCES = sorted(CATALOG.source_groups)
WORDS = ["社保", "就业", "培训", "信息化", "档案", "宣传", "补贴", "监察", "服务", "维护", "<5万", "a*b", "问号?"]

amounts = st.integers(min_value=0, max_value=5_000_000_000).map(lambda fen: fen / 100)


BASIC_ECONOMICS = [c for c in ECONOMICS if c[:3] in ("301", "302", "303")]


@st.composite
def lines(draw, owners: list[str]) -> list[list]:
    """Budget lines; basic ones use the classes the narrative names (人员、公用、对个人和家庭的补助)."""
    count = draw(st.integers(min_value=1, max_value=25))
    result = []
    for _ in range(count):
        owner = draw(st.sampled_from(owners))
        economics = BASIC_ECONOMICS if owner == "基本支出" else ECONOMICS
        result.append([owner, draw(st.sampled_from(FUNCTIONS)), draw(st.sampled_from(economics)),
                       draw(st.sampled_from(SOURCES)), draw(amounts)])
    return result


@st.composite
def unit_specs(draw) -> dict:
    """A unit spec as a dict (dump it with `as_yaml`) that `check` accepts without errors."""
    names = draw(st.lists(st.sampled_from(WORDS), min_size=0, max_size=4, unique=True))
    projects = [{"名称": f"{word}项目{i}", "类别": draw(st.sampled_from(CATALOG.categories)), "上年预算": draw(amounts),
                 "绩效目标": "目标。", "用途": "用途"} for i, word in enumerate(names)]
    budget_lines = draw(lines(["基本支出"] + [p["名称"] for p in projects]))
    spec = {"格式": "shenzhen-2023", "年度": 2023, "部门名称": "随机单位", "主管部门": "随机主管部门",
            "单位名称": draw(st.sampled_from(["随机单位", "单位=1", "+单位"])), "项目": projects, "预算明细": budget_lines,
            "政府采购": _purchases(draw, budget_lines),
            "上年三公经费": {k: draw(amounts) for k in ("因公出国（境）费", "公务接待费", "公务用车购置费", "公务用车运行维护费")},
            "绩效目标": {"任务": _tasks(budget_lines), "年度总体目标": "目标。", "指标": [["产出指标", "数量指标", "指标", "1个"]]},
            "上年": {"收入合计": draw(amounts), "支出合计": draw(amounts), "机关运行经费": draw(amounts)},
            "概况": FACTS}
    return spec


def _purchases(draw, budget_lines: list[list]) -> list[dict]:
    spending: dict[str, float] = {}
    for line in budget_lines:
        spending[line[1]] = spending.get(line[1], 0) + line[4]
    result = []
    for code in draw(st.lists(st.sampled_from(sorted(spending)), max_size=2, unique=True)):
        share = draw(st.integers(min_value=0, max_value=100))
        amount = int(spending[code] * share) / 100
        result.append({"功能科目": code, "品目": draw(st.sampled_from(["货物", "工程", "服务"])), "金额": amount,
                       "面向中小企业": int(amount * 50) / 100, "面向小型微型企业": int(amount * 20) / 100})
    return result


def _tasks(budget_lines: list[list]) -> list[dict]:
    """One task per owner, its money split as the budget splits it, so C310 and C311 hold exactly."""
    tasks: dict[str, dict] = {}
    for owner, _, _, source, amount in budget_lines:
        task = tasks.setdefault(owner, {"任务名称": owner, "主要内容": "内容。", "财政拨款": 0, "其他资金": 0})
        key = "财政拨款" if CATALOG.source_groups[source] == "政府预算拨款" else "其他资金"
        task[key] = round(task[key] + amount, 2)
    return list(tasks.values())


def as_yaml(spec: dict) -> str:
    return yaml.safe_dump(spec, allow_unicode=True, sort_keys=False)


@st.composite
def damaged(draw, text: str) -> str:
    """A real spec with one random line deleted, a value replaced, or the file cut short."""
    rows = text.splitlines(keepends=True)
    kind = draw(st.sampled_from(["delete", "replace", "truncate", "duplicate"]))
    i = draw(st.integers(min_value=0, max_value=len(rows) - 1))
    if kind == "delete":
        return "".join(rows[:i] + rows[i + 1:])
    if kind == "duplicate":
        return "".join(rows[: i + 1] + rows[i:])
    if kind == "truncate":
        return text[: draw(st.integers(min_value=0, max_value=len(text)))]
    junk = draw(st.sampled_from(["", "-1", "1e99", "0.001", "[", "{a: b}", "- x", "是", "null", "~", "'", "9999999",
                                 "3.5", "2023", "&a", "*a", "!!binary AA==", "基本支出", "\t"]))
    row = rows[i]
    cut = max(row.find(": "), row.rfind(", "))
    rows[i] = (row[: cut + 2] + junk + "\n") if cut >= 0 else junk + "\n"
    return "".join(rows)
