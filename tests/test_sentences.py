"""Named sentences: each publisher's wording chosen by 版式, a named variant or the spec's 措辞, never by Jinja.

Each variant is quoted from the published document it comes from (the documents are named as in
../shared/shanghai-variants.md: 市财25U, 区府办25D/U, 财政25D, 司法26D/U, 建管26D, 福利院24U, 万里23D-25D).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.build import check, narrative
from generator.document import load_document, wording_reference
from generator.problems import SpecError

ROOT = Path(__file__).resolve().parent.parent
UNIT_2025 = "2025-shanghai-putuo-shangwuwei-unit.yaml"
DEPT_2026 = "2026-shanghai-putuo-sifaju.yaml"
WANLI_2024 = "2024-shanghai-putuo-wanli-jiedao.yaml"


def _text(tmp_path: Path, spec: str, extra: str = "", replace: tuple[str, str] | None = None) -> str:
    """The text part of a shipped spec (its folder copied, so a department finds its units) with top-level
    lines added and one passage replaced."""
    folder = tmp_path / "specs"
    if not folder.exists():
        shutil.copytree(ROOT / "specs", folder)
    path = folder / spec
    text = path.read_text("utf-8")
    if replace:
        assert replace[0] in text
        text = text.replace(*replace)
    path.write_text(text + extra, "utf-8")
    return narrative(load_document(path))


def _lines(text: str, start: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith(start)]


def test_items_by_class(tmp_path):
    """市财25U: `1.“一般公共服务支出”科目12,789万元，主要用于……`"""
    classes = ("201", "206", "208", "210", "215", "216", "221")
    uses = "  功能科目用途:   # 财政拨款支出主要内容，逐项\n" + "".join(f'    "{c}": 主要用于{c}类的事务。\n' for c in classes)
    text = _text(tmp_path, UNIT_2025, "版式:\n  主要内容层级: 类\n",
                 ("  功能科目用途:   # 财政拨款支出主要内容，逐项\n", uses))
    assert "1.“一般公共服务支出”科目2,160.17万元，主要用于201类的事务。" in text  # 938.99 + 454.50 + 290.18 + 476.50
    assert "2.“科学技术支出”科目" in text and "（项）" not in text.split("财政拨款支出主要内容如下")[1].split("##")[0]


def test_items_as_class_dash_group_dash_item(tmp_path):
    """区府办25D/U: `{n}.“{类}-{款}-{项}”科目{金额}万元，主要用于{用途}。`"""
    text = _text(tmp_path, UNIT_2025, "措辞:\n  主要内容项: 类款项连写\n")
    assert "1.“一般公共服务支出-商贸事务-行政运行”科目938.99万元，主要用于机关行政运行" in text


def test_item_without_a_space_or_with_the_word_subject(tmp_path):
    """财政25D `{n}.“…` without a space; 万里25D `…（项）”科目{金额}万元`."""
    text = _text(tmp_path, UNIT_2025, '措辞:\n  主要内容项:\n    类款项: "{序号}.“{类名}（类）{款名}（款）{项名}（项）”科目{金额}万元{用途}"\n')
    assert "1.“一般公共服务支出（类）商贸事务（款）行政运行（项）”科目938.99万元，" in text


def test_items_left_out_of_the_list(tmp_path):
    """财政25D and 福利院24U leave small 项 out of 财政拨款支出主要内容."""
    text = _text(tmp_path, UNIT_2025, '版式:\n  主要内容不列: ["2011302"]\n')
    assert "一般行政管理事务" not in text
    assert "2. “一般公共服务支出（类）商贸事务（款）事业运行（项）”" in text


def test_subject_of_purchase_and_performance_sentences(tmp_path):
    """财政25D writes `本单位` in a department document; T26U `{年}年度本单位政府采购预算…` without the 中小企业 sentence."""
    extra = '措辞:\n  政府采购: "{年度}年度本部门政府采购预算{合计}万元。"\n  绩效: "{年度}年度本部门编报绩效目标的项目共{项目数}个。"\n'
    text = _text(tmp_path, UNIT_2025, extra)
    assert "2025年度本部门政府采购预算38.20万元。" in text
    assert "2025年度本部门编报绩效目标的项目共25个。" in text


def test_performance_followed_by_its_projects(tmp_path):
    """财政25D: `…涉及项目预算资金{金额}万元，其中：{项目}{金额}万元，…`"""
    text = _text(tmp_path, UNIT_2025, "措辞:\n  绩效: 其中各项目\n")
    line = _lines(text, "2025年度，本单位编报绩效目标的项目共25个")[0]
    assert re.search(r"涉及项目预算资金11,381.60万元，其中：\S+?[\d,.]+万元，", line) and line.endswith("。")


def test_running_costs_of_a_unit_with_its_kinds_of_units(tmp_path):
    """区府办25U: `…下属{N}家机关和{M}家事业单位财政拨款的机关运行经费预算为…`"""
    text = _text(tmp_path, UNIT_2025, "措辞:\n  机关运行经费: 下属机关和事业\n")
    assert "2025年上海市普陀区商务委员会下属1家机关和0家事业单位财政拨款的机关运行经费预算为171.01万元。" in text


def test_running_costs_name_zero_public_service_units(tmp_path):
    """建管26D: `下属{N}家机关和0家参公事业单位…` (budgetgen leaves a zero count out unless asked)."""
    text = _text(tmp_path, "2025-shanghai-putuo-shangwuwei.yaml", "措辞:\n  机关运行经费: 下属机关和参公\n")
    assert re.search(r"下属\d+家机关和0家参公事业单位财政拨款的机关运行经费预算为", text)


def test_zero_change_as_an_increase_of_nothing(tmp_path):
    """建管26D: `比{上年}年预算增加0万元` instead of 持平, for every comparison of the 编制说明."""
    text = _text(tmp_path, UNIT_2025, "措辞:\n  编制说明比较: 增加0万元\n")
    assert "政府性基金拨款支出预算0万元，比2024年预算执行数增加0万元" in text
    assert "持平；国有资本" not in text


def test_with_or_than_chosen_per_sentence(tmp_path):
    """区府办25: `与{上年}年预算持平` in one sentence, `比` elsewhere."""
    text = _text(tmp_path, UNIT_2025, '措辞:\n  政府性基金拨款支出比较: {持平: "与{上年}年{口径}持平"}\n')
    assert "政府性基金拨款支出预算0万元，与2024年预算执行数持平；" in text
    assert "国有资本经营预算拨款支出预算0万元，比2024年预算执行数持平。" in text


def test_reception_sentence_with_a_comma(tmp_path):
    """区府办25D/U: `（三）公务接待费{金额}万元，与…`"""
    text = _text(tmp_path, UNIT_2025, "措辞:\n  公务接待: 逗号\n")
    assert _lines(text, "（三）公务接待费1.00万元，与2024年预算持平")


def test_the_2025_three_public_wording_in_a_2024_document(tmp_path):
    """福利院24U prints the 2025 三公 wording (reason after a comma) in a 2024 document."""
    extra = "措辞:\n  因公出国: 2025年写法\n"
    text = _text(tmp_path, WANLI_2024, extra)
    line = _lines(text, "（一）因公出国（境）费")[0]
    assert re.fullmatch(r"（一）因公出国（境）费[\d.]+万元，比2023年预算\S+?(，|。)\S*", line)
    assert "持平。。" not in line and not re.search(r"万元，比2023年预算[^，。]+。[^。]", line)


def test_car_costs_without_a_comparison(tmp_path):
    """财政25D and 万里23D: `公务车购置及运行费{金额}万元，其中：…` with no comparison of its own."""
    text = _text(tmp_path, UNIT_2025, "措辞:\n  公务用车: 不比较\n")
    assert _lines(text, "（二）公务车购置及运行费0万元，其中：公务用车购置费0万元，")


def test_duties_lead_in(tmp_path):
    """司法26D/U: `{名称}是{定位}，主要职责是：`"""
    text = _text(tmp_path, UNIT_2025, "措辞:\n  职能引语: 主要职责是\n")
    assert "，主要职责是：" in text and "主要职能包括：" not in text


def test_title_named_by_the_unit(tmp_path):
    """福利院24U: `上海市普陀区社会福利院2024年单位预算`"""
    text = _text(tmp_path, UNIT_2025, "措辞:\n  标题: 单位名称\n")
    assert text.startswith("# 上海市普陀区商务委员会2025年单位预算\n")


def test_level_in_headings_only(tmp_path):
    """T26U and 市级 documents: `{名称}（单位）主要职能` in the headings, the plain name in the sentences."""
    extra = '措辞:\n  职能标题: "{名称}（{层级}）主要职能"\n  机构标题: "{名称}（{层级}）机构设置"\n'
    text = _text(tmp_path, UNIT_2025, extra)
    assert "## 上海市普陀区商务委员会（单位）主要职能" in text and "## 上海市普陀区商务委员会（单位）机构设置" in text
    assert "2025年上海市普陀区商务委员会财政拨款的机关运行经费" in text


def test_project_headings(tmp_path):
    """T26D, 区府办25D: `{项目名称}项目经费情况说明`; 财政25D, 万里: one block headed `项目经费情况说明`."""
    apart = _text(tmp_path, "2025-shanghai-putuo-shangwuwei.yaml", "措辞:\n  项目说明标题: 项目经费情况说明\n")
    assert re.search(r"^## \S+项目经费情况说明$", apart, re.M)
    together = _text(tmp_path / "b", "2025-shanghai-putuo-shangwuwei.yaml", "版式:\n  项目说明合并: true\n")
    assert len(re.findall(r"^## .*经费情况说明$", together, re.M)) == 1


def test_four_entry_glossary(tmp_path):
    """财政25D, 福利院24U: only 基本支出预算, 项目支出预算, “三公”经费, 机关运行经费, numbered from （一）."""
    drop = "".join(f"  名词-{name}: 不印\n" for name in ("财政拨款收入", "事业收入", "事业单位经营收入", "其他收入"))
    text = _text(tmp_path, UNIT_2025, "措辞:\n" + drop)
    assert "（一）基本支出预算：" in text and "（四）机关运行经费：" in text and "财政拨款收入：是" not in text


def test_an_extra_glossary_entry_numbered_after_the_others(tmp_path):
    """T26D/U end the glossary with `（九）……：指……。`: an optional entry the spec words, numbered after the eight."""
    text = _text(tmp_path, UNIT_2025, '措辞:\n  名词-补充: "国有资产：指单位占有、使用的各种经济资源。"\n')
    assert "（八）机关运行经费：" in text and "\n\n（九）国有资产：指单位占有、使用的各种经济资源。\n" in text
    assert "（九）" not in _text(tmp_path / "b", UNIT_2025)


def test_no_purchase_budget_in_one_sentence(tmp_path):
    """T26U: `上海市普陀区XX单位{年}年度未安排政府采购预算。` (T26D `…XX部门{年}年未安排…`) in place of the amounts;
    a unit that does buy keeps the 政府采购 sentence under the same wording."""
    wording = '措辞:\n  无政府采购: "{名称}{年度}年度未安排政府采购预算。"\n'
    purchases = "政府采购:\n  - {功能科目: 2011301, 品目: 货物, 金额: 78000}\n  - {功能科目: 2011301, 品目: 服务, 金额: 304000}\n"
    text = _text(tmp_path, UNIT_2025, wording, (purchases, ""))
    assert _lines(text, "上海市普陀区商务委员会2025年度未安排政府采购预算。") and "政府采购预算0万元" not in text
    bought = _text(tmp_path / "b", UNIT_2025, wording)
    assert "未安排" not in bought and _lines(bought, "2025年度本单位政府采购预算38.20万元")


def test_number_style_per_section_and_sentence(tmp_path):
    """商务25D mixes separators; 市财25U prints whole 万元 in the 编制说明; 区府办25 drops .00 only (`4,614万元`)."""
    extra = ("措辞:\n  预算编制说明: {数字: {小数位: 0}}\n  主要内容项: {数字: {千分位: false, 去尾零: 整, 小数位: 2}}\n"
             "  政府采购: {数字: {零值: \"0.00\"}}\n")
    text = _text(tmp_path, UNIT_2025, extra)
    assert _lines(text, "2025年，上海市普陀区商务委员会收入预算37,151万元，")
    assert "科技条件专项（项）”1720万元" in text and "行政运行（项）”938.99万元" in text
    assert "政府采购工程预算0.00万元" in text


def test_truncated_and_difference_of_rounded_figures():
    """87.70 for 877,080 truncated; 18,976.76 − 15,621.11 = 3,355.65 as printed, not the unrounded difference."""
    from decimal import Decimal

    from generator.text.sentences import Change, NumberStyle

    assert NumberStyle(取舍="截断").money(Decimal(877080)) == "87.70"
    assert NumberStyle().money(Decimal(877080)) == "87.71"
    change = Change(Decimal("189767649"), Decimal("156211050"))
    assert NumberStyle(差额="取整后相减").shown(change.size(NumberStyle(差额="取整后相减"))) == "3,355.65"
    assert NumberStyle().shown(change.size(NumberStyle())) == "3,355.66"


def test_rewording_one_sentence_takes_three_lines_of_the_spec(tmp_path):
    three = '措辞:\n  收入预算: >-\n    {年度}年本单位收入预算共{收入合计}万元，财政拨款收入{财政拨款收入}万元。\n'
    assert len(three.splitlines()) == 3
    text = _text(tmp_path, UNIT_2025, three)
    assert "2025年本单位收入预算共37,151.47万元，财政拨款收入37,151.47万元。" in text


@pytest.mark.parametrize(("extra", "code", "words"), [
    ("措辞:\n  收入预箅: 无\n", "E250", "是否想写“收入预算”"),
    ('措辞:\n  收入预算: "{年度}年收入{总收入}万元。"\n', "E251", "{总收入}"),
    ("措辞:\n  收入预算: 不印\n", "E253", "不可略去"),
    ("措辞:\n  公务接待: {变体: 句号}\n", "E251", "没有变体“句号”"),
    ("措辞:\n  预算编制说明: {数字: {小数位: 3}}\n", "E251", "小数位"),
    ("措辞:\n  预算编制说明: 整数\n", "E251", "只能写数字的印法"),
    ("措辞:\n  收入预算: {写法: null}\n", "E251", "“写法”应为文字"),
    ("措辞:\n  收入预算: {写法: {增加: 多了}}\n", "E251", "“写法”应为文字"),
    ("措辞:\n  编制说明比较: {增加: [多, 了]}\n", "E251", "“增加”应为文字"),
    ("措辞:\n  编制说明比较: {写法: {增多: 多了}}\n", "E251", "情形：增加、减少、持平"),
])
def test_a_wrong_wording_is_named_at_its_line(tmp_path, extra, code, words):
    with pytest.raises(SpecError) as caught:
        _text(tmp_path, UNIT_2025, extra)
    found = [p for p in caught.value.problems if p.code == code]
    assert found and words in found[0].message and found[0].place.line is not None


def test_a_wording_by_case_keeps_the_cases_it_leaves_out(tmp_path):
    """写法 {增加: …} rewords the increases only: a sentence that stays level keeps the format's 持平 wording."""
    text = _text(tmp_path, UNIT_2025, '措辞:\n  编制说明比较: {写法: {增加: "较{上年}年多{差额}万元"}}\n')
    assert "财政拨款支出预算37,151.47万元，较2024年多24,491.71万元。" in text
    assert "政府性基金拨款支出预算0万元，比2024年预算执行数持平" in text


def test_a_reason_the_text_does_not_print_is_not_demanded(tmp_path):
    """执行数比较 false: the per-item comparison is never printed, so no C351 asks for its reason, and an item left out
    of the list (主要内容不列) asks for none either, while W245 names its unused reason."""
    folder = tmp_path / "specs"
    shutil.copytree(ROOT / "specs", folder)
    spec = folder / "2026-shanghai-putuo-sifaju-unit.yaml"
    text = spec.read_text("utf-8")
    cleared = re.sub(r'^(    "\d{7}": ).+$', r'\1""', text, flags=re.M)  # every 功能科目变动原因 emptied
    spec.write_text(cleared, "utf-8")
    assert [p for p in check(spec) if p.code == "C351"], "the 2026 text compares each item and wants its reasons"
    spec.write_text(cleared.replace("版式:", "版式:\n  执行数比较: false", 1), "utf-8")
    assert not [p for p in check(spec) if p.code == "C351"]


@pytest.mark.parametrize("name", ["shanghai-2023", "shanghai-2024", "shanghai-2025", "shanghai-2026", "shanghai-2024-juesuan",
                                  "shenzhen-2022", "shenzhen-2023"])
def test_reference_lists_every_sentence_and_house_key_and_is_current(name):
    from generator.document import sentences
    from generator.formats import load_format

    made = wording_reference(name)
    assert made == (ROOT / "docs" / "sentences" / f"{name}.md").read_text("utf-8"), f"docs/sentences/{name}.md is stale"
    fmt = load_format(name)
    assert all(f"#### {sentence}" in made for sentence in sentences(fmt))
    assert all(f"| {key} |" in made for key in fmt.settings["版式"])


SHANGHAI = ("2025-shanghai-putuo-shangwuwei", "2025-shanghai-putuo-shangwuwei-unit", "2026-shanghai-putuo-sifaju",
            "2026-shanghai-putuo-sifaju-unit", "2023-shanghai-putuo-wanli-jiedao", "2024-shanghai-putuo-wanli-jiedao")


@pytest.mark.parametrize("name", SHANGHAI)
def test_each_shanghai_reference_keeps_its_wording_in_its_spec_alone(name):
    """Differences from the format are 版式 and 措辞 of the spec, never a template of its own; the text reaches 0.995
    of the seed (the 2023 document's 绩效目标 forms are tables, compared with the tables)."""
    from .textcompare import seed_text, similarity

    spec = ROOT / "specs" / f"{name}.yaml"
    doc = load_document(spec)
    assert not doc.format.name.startswith(".") and all(p.is_relative_to(ROOT / "templates") for p in doc.format.search_path)
    assert similarity(narrative(doc).split("## 绩效目标", 1)[0], seed_text(name)) >= 0.995


def test_an_item_left_out_asks_for_no_reason_and_its_reason_is_named_unused(tmp_path):
    """An item left out of 财政拨款支出主要内容: C351 does not demand its reason (the text never prints it), and a
    reason written for it anyway is named by W245, so the two findings never contradict each other."""
    folder = tmp_path / "specs"
    shutil.copytree(ROOT / "specs", folder)
    spec = folder / "2026-shanghai-putuo-sifaju-unit.yaml"
    unreasoned = spec.read_text("utf-8").replace('    "2040601": 支出减少。', '    "2040601": ""')
    spec.write_text(unreasoned, "utf-8")
    assert [p for p in check(spec) if p.code == "C351" and "2040601" in p.message], "printed, it needs its reason"
    spec.write_text(unreasoned.replace("版式:", '版式:\n  主要内容不列: ["2040601", "2040604"]', 1), "utf-8")
    found = check(spec)
    assert not [p for p in found if p.code == "C351" and "2040601" in p.message]
    assert [p for p in found if p.code == "W245" and p.subject == "概况.功能科目变动原因.2040604"]
    assert not [p for p in found if p.code == "W245" and p.subject == "概况.功能科目变动原因.2040601"]


@pytest.mark.parametrize("broken", ["收入预算: {写法: [1]}", "收入预算: {变体: [甲]}", "收入预算: {如: 没有这句}",
                                    "收入预算: {数字: {零值: 无}}", "[1, 2]", '收入预算: {写法: "收入{总收入}万元"}'])
def test_an_own_formats_broken_sentences_are_named_with_their_file(tmp_path, broken):
    folder = tmp_path / "specs"
    shutil.copytree(ROOT / "specs", folder)
    own = folder / "我的格式"
    own.mkdir()
    (own / "format.yaml").write_text("extends: shanghai-2025\ndescription: 本单位\n", "utf-8")
    (own / "sentences.yaml").write_text(broken + "\n", "utf-8")
    spec = folder / UNIT_2025
    spec.write_text(spec.read_text("utf-8").replace("格式: shanghai-2025", "格式: ./我的格式"), "utf-8")
    with pytest.raises(SpecError) as caught:
        load_document(spec)
    assert [p for p in caught.value.problems if p.code == "E243" and p.place.file.endswith("sentences.yaml")]


SIBJ, LUOHU = "2023-shenzhen-sibj.yaml", "2022-shenzhen-luohu.yaml"


def test_a_shenzhen_sentence_reworded_in_three_lines(tmp_path):
    """The Shenzhen text is named sentences too: its figures (2,970 and 2,871 万元 in the sibj document) in new words."""
    three = "措辞:\n  政府采购预算: >-\n    {年度}年本部门政府采购预算{合计}万元，其中服务采购{服务}万元。\n"
    assert len(three.splitlines()) == 3
    text = _text(tmp_path, SIBJ, three)
    assert "2023年本部门政府采购预算2,970万元，其中服务采购2,871万元。" in text and "政府采购项目纳入" not in text


def test_a_shenzhen_variant_chosen_by_the_spec(tmp_path):
    """罗湖22 prints a project's fall as `减幅 92%`, sibj23 as `下降 26%`: each format can print the other's."""
    text = _text(tmp_path, SIBJ, "措辞:\n  项目比较: 减幅\n")
    assert "较2022年预算减少349万元，减幅26%，主要原因是" in text and "下降26%" not in text
    text = _text(tmp_path / "b", LUOHU, "措辞:\n  项目比较: 2023年写法\n")
    assert "较2021年预算减少299万元，下降92%，主要原因是" in text and "减幅" not in text


def test_shenzhen_three_public_items_reworded_alike(tmp_path):
    """罗湖22 prints each unchanged “三公” item as `增加 0 万元`; one case of the items' comparison in the spec
    rewords all three (公务接待费, 购置费, 运行维护费), not the total's, which has its own."""
    text = _text(tmp_path, LUOHU, '措辞:\n  三公分项比较: {持平: "与{上年}年{口径}持平"}\n')
    assert "2.公务接待费。2022年预算数1万元，与2021年持平，" in text
    assert "公务用车购置费2022年预算数0万元，与2021年预算数持平，" in text
    assert "公务用车运行维护费2022年预算数7万元，与2021年预算数持平，" in text
    assert "比2021年预算增加0万元，增长0%" in text  # the total (8 万元 both years) is worded by 增减比较


def test_an_empty_rewording_drops_only_an_optional_sentence(tmp_path):
    with pytest.raises(SpecError) as caught:
        _text(tmp_path, UNIT_2025, '措辞:\n  收入预算: ""\n')
    assert [p for p in caught.value.problems if p.code == "E253"]
    assert "事业收入：指" not in _text(tmp_path / "b", UNIT_2025, '措辞:\n  名词-事业收入: ""\n')


def test_a_template_asking_for_a_case_the_sentence_lacks_is_named():
    """A format author's slip (say(…, 情形="x")) is an error naming the sentence and its cases, not an empty sentence."""
    from generator.text.sentences import NumberStyle, WordingError, Wordings, load

    words = Wordings(load({"比较": {"写法": {"增加": "增加{差额}", "减少": "减少{差额}"}, "数": {"差额": "差额"}}}),
                     {}, {}, NumberStyle(), "f.yaml")
    with pytest.raises(WordingError) as caught:
        words.say("比较", {"差额": 1}, case="持平")
    assert caught.value.problem.code == "E252" and "增加、减少" in caught.value.problem.message


def test_one_figure_styled_apart_in_its_sentence(tmp_path):
    """建管26D prints its totals in whole 万元 while the fund figure of the same sentence keeps two decimals:
    a sentence's 数字 may give one of its figures its own style."""
    extra = "措辞:\n  支出预算: {数字: {小数位: 0, 一般公共预算拨款支出: {小数位: 2}}}\n"
    text = _text(tmp_path, UNIT_2025, extra)
    assert "支出预算37,151万元，其中：财政拨款支出预算37,151万元，" in text
    assert "一般公共预算拨款支出预算37,151.47万元" in text
    with pytest.raises(SpecError) as caught:
        _text(tmp_path / "b", UNIT_2025, "措辞:\n  支出预算: {数字: {收入合计: {小数位: 0}}}\n")
    assert [p for p in caught.value.problems if p.code == "E251" and "收入合计" in p.message]
