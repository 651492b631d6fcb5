"""An officer edits one budget line in the workbook; every dependent total in every table follows."""

from __future__ import annotations

from .conftest import LIVE_EDIT

ADD = LIVE_EDIT["add"] / 10000  # 元 → 万元 as printed
EXPECTED = {  # (sheet, row label) cells that must grow by the edit: 2080109 / 30101 basic 一般公共预算
    "收支总表": ["一、政府预算拨款", "1.一般公共预算拨款", "本年收入合计", "收入总计", "二、社会保障和就业支出",
               "人力资源和社会保障管理事务", "社会保险经办机构", "本年支出合计", "支出总计"],
    "收入总表": ["深圳市人力资源和社会保障局", "深圳市社会保险基金管理局本级"],
    "支出总表": ["深圳市社会保险基金管理局本级", "社会保障和就业支出", "社会保险经办机构"],
    "基本支出总表": ["深圳市人力资源和社会保障局", "工资福利支出", "基本工资"],
    "政府预算拨款收支总表": ["政府预算拨款", "一般公共预算拨款", "收入总计", "社会保险经办机构", "支出总计"],
    "一般公共预算支出表（按功能分类）": ["深圳市人力资源和社会保障局", "社会保险经办机构"],
    "一般公共预算支出表（按经济分类）": ["深圳市社会保险基金管理局本级", "工资福利支出", "基本工资"],
}


def _changes(before, after, sheet: str) -> dict[tuple[int, int], float]:
    old, new = before[sheet], after[sheet]
    diffs = {}
    for row in new.iter_rows():
        for cell in row:
            was = old.cell(cell.row, cell.column).value
            if isinstance(cell.value, (int, float)) and isinstance(was, (int, float)) and abs(cell.value - was) > 1e-6:
                diffs[(cell.row, cell.column)] = cell.value - was
    return diffs


def test_every_dependent_total_follows_the_edit(recalculated):
    before, after = recalculated["2023-shenzhen-sibj"], recalculated["edited"]
    for sheet, labels in EXPECTED.items():
        diffs = _changes(before, after, sheet)
        assert diffs, sheet
        assert all(abs(d - ADD) < 1e-6 for d in diffs.values()), f"{sheet}: {diffs}"
        ws = after[sheet]
        changed_labels = {str(ws.cell(r, c).value).strip() for (r, _) in diffs for c in range(1, 4)}
        missing = [label for label in labels if label not in changed_labels]
        assert not missing, f"{sheet}: 未随之变化的行 {missing}"


def test_unrelated_tables_do_not_move(recalculated):
    before, after = recalculated["2023-shenzhen-sibj"], recalculated["edited"]
    for sheet in ("项目支出总表", "政府性基金预算支出表", "国有资本经营预算支出表", "三公经费支出表"):
        assert not _changes(before, after, sheet), sheet
