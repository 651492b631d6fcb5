"""The one definition of a spec's keys and value shapes, as JSON Schema.

`budgetgen schema` prints it; editors validate and complete Chinese keys with it; the
reader takes its lists of known keys from here. The reader still checks what a schema
cannot: codes against the catalog, projects named by lines, figures against each other.
"""

from __future__ import annotations

from typing import Any

from ..catalogs import source_groups
from ..formats import house_style_keys, project_categories
from ..model import NATURES, UNIT_TYPES

SCHEMA_ID = "https://budgetgen.invalid/spec.schema.json"
SOURCES = list(source_groups())
LINE_KEYS = ("性质", "功能科目", "经济科目", "资金来源", "金额")
LINE_OPTIONAL = ("单位类型",)
PURCHASE_KINDS = ("货物", "工程", "服务")
THREE_PUBLIC_KEYS = ("因公出国（境）费", "公务接待费", "公务用车购置费", "公务用车运行维护费")


def text(description: str) -> dict[str, Any]:
    return {"type": "string", "description": description}


def amount(description: str) -> dict[str, Any]:
    return {"description": description, "anyOf": [
        {"type": "number", "minimum": 0}, {"type": "string", "pattern": r"^[0-9][0-9,]*(\.[0-9]{1,2})?$"}]}


def code(digits: int, description: str) -> dict[str, Any]:
    return {"description": description, "anyOf": [
        {"type": "integer"}, {"type": "string", "pattern": rf"^[0-9]{{{digits}}}$"}]}


def obj(properties: dict[str, Any], required: tuple[str, ...] = (), description: str = "",
        extra: bool = False) -> dict[str, Any]:
    schema = {"type": "object", "properties": properties, "additionalProperties": extra}
    if required:
        schema["required"] = list(required)
    if description:
        schema["description"] = description
    return schema


def listing(item: dict[str, Any], description: str) -> dict[str, Any]:
    return {"type": "array", "items": item, "description": description}


LINE_FIELDS = dict(zip(LINE_KEYS, (text("“基本支出”，或项目、二级项目的名称"), code(7, "功能分类科目（项，7 位）"),
                                   code(5, "部门预算经济分类科目（款，5 位）"), {"enum": SOURCES}, amount("金额（元）")),
                       strict=True))
UNIT_TYPE = {"enum": list(UNIT_TYPES), "description": "单位类型：机关运行经费只计行政单位和参公事业单位"}
LINE = {"description": "一笔预算：[性质或项目, 功能科目, 经济科目, 资金来源, 金额（元）, 单位类型（可省略）]", "anyOf": [
    {"type": "array", "prefixItems": [*LINE_FIELDS.values(), UNIT_TYPE], "minItems": 5, "maxItems": 6},
    obj(LINE_FIELDS | {"单位类型": UNIT_TYPE}, tuple(LINE_FIELDS))]}
INDICATOR = {"type": "array", "items": {"type": ["string", "number"]}, "minItems": 4, "maxItems": 4}
PROJECT = obj({
    "名称": text("一级项目名称，项目支出总表中的名称"),
    "类别": {"type": "string", "description": "项目类别（各格式的 项目类别 之一）"},
    "二级项目": listing(obj({"名称": text("二级项目名称"), "用途": text("用途")}, ("名称",)), "二级项目"),
    "文字名称": text("文字部分中使用的名称"), "上年预算": amount("上年预算（元）；不填即本年新增"),
    "用途": text("主要用途"), "变动原因": text("与上年相比变动的原因"), "绩效目标": text("绩效目标"),
    "绩效目标填报表": obj({
        "项目性质": text("阶段性项目、经常性项目"), "实施单位": text("实施单位"),
        "计划开始日期": text("计划开始日期，照填报表写（如 年-01-01）"), "计划完成日期": text("计划完成日期（如 年-12-31）"), "项目总目标": text("项目总目标"),
        "年度总体目标": text("年度总体目标"), "指标": listing(INDICATOR, "[一级指标, 二级指标, 三级指标, 年度(/项目)指标值]"),
    }, ("项目性质", "年度总体目标", "指标"), "财政项目支出绩效目标填报表（项目类别即项目的类别，项目资金由预算明细算出）"),
}, ("名称", "类别"), "一级项目；其他键是文字部分用到的项目事实", extra=True)
PURCHASE = obj({"功能科目": code(7, "功能分类科目（项）"), "品目": {"enum": list(PURCHASE_KINDS)},
                "金额": amount("采购金额（元）"), "面向中小企业": amount("其中面向中小企业（元）"),
                "面向小型微型企业": amount("其中面向小型、微型企业（元）")}, ("功能科目", "品目", "金额"))
THREE_PUBLIC = obj({k: amount(f"上年{k}（元）") for k in THREE_PUBLIC_KEYS}, THREE_PUBLIC_KEYS, "上年“三公”经费预算数（元）")
PERFORMANCE = obj({
    "任务": listing(obj({"任务名称": text("任务名称"), "主要内容": text("主要内容"), "财政拨款": amount("财政拨款（元）"),
                        "其他资金": amount("其他资金（元）")}, ("任务名称", "主要内容", "财政拨款")), "年度主要任务"),
    "年度总体目标": text("年度总体目标"),
    "指标": listing(INDICATOR, "[一级指标, 二级指标, 三级指标, 目标值]"),
}, ("年度总体目标",), "整体支出绩效目标表")
ACCEPTED = listing(obj({"规则": text("检查规则编号，如 C310"), "位置": text("检查结果中的位置，如 绩效目标.任务[1]"),
                        "说明": text("为何照此公开")}, ("规则", "位置", "说明")), "已知差异：检查发现、照此公开的差异")
PRINT_NAME = {"description": "印出的名称，或只在部分表中如此印：{名称, 各表: [工作表名称…，文字]}", "anyOf": [
    {"type": "string", "minLength": 1},
    obj({"名称": text("印出的名称"), "各表": listing(text("工作表名称；“文字”为文字部分"), "如此印的表（不写即全部表和文字）")},
        ("名称",))]}
SHARED = {
    "格式": text("格式名称（budgetgen formats 列出）"),
    "年度": {"description": "预算年度", "anyOf": [{"type": "integer", "minimum": 2000, "maximum": 2099},
                                              {"type": "string", "pattern": "^20[0-9]{2}$"}]},
    "部门名称": text("本文档所写单位的名称（表头“部门名称：”或“编制单位：”、封面和文字部分）：下属单位自己的文档写该单位，不写主管部门"),
    "主管部门": text("主管部门（各表“部门”一行）"),
    "上年": obj({}, description="上年数（元），文字部分与上年比较时用", extra=amount("上年金额（元）")),
    "上年口径": obj({}, description="各项上年数的口径", extra={"enum": ["预算", "预算执行数"]}),
    "上年执行数": obj({}, description="上年当年预算执行数（元），按功能科目“项”（7 位编码）；文字部分逐项与之比较",
                      extra=amount("上年预算执行数（元）")),
    "概况": obj({}, description="文字部分所需的事实（部门职责、机构设置……）", extra=True),
    "已知差异": ACCEPTED,
    "版式": obj({}, description="公开文本的版式（零值、小数位、措辞……）：各格式有默认值，这里只写与之不同的", extra=True),
    "措辞": obj({}, description="文字部分逐句改写：句子名称 → 新的写法（{数的名称} 处印出这个数）、变体名称或“不印”，"
                             "或 {写法, 变体, 数字}；节名称 → {数字}。budgetgen sentences --format 格式 列出每一句", extra=True),
}
BUDGET = {
    "单位名称": text("表格中“预算单位”一栏的名称"),
    "单位类型": UNIT_TYPE,
    "项目": listing(PROJECT, "一级项目，顺序即项目支出总表中的顺序"),
    "预算明细": listing(LINE, "全部表格的唯一来源：每行一笔预算"),
    "政府采购": listing(PURCHASE, "政府采购预算"),
    "上年三公经费": THREE_PUBLIC,
    "绩效目标": PERFORMANCE,
    "结转下年": amount("结转下年（元）"),
    "补充科目": obj({"功能科目": obj({}, extra=text("名称")), "经济科目": obj({}, extra=text("名称"))},
                    description="科目目录中没有的编码及其名称（部门规格中写的适用于全部下属单位）"),
    "科目名称": obj({kind: obj({}, extra=PRINT_NAME) for kind in ("功能科目", "经济科目")},
                    description="公开文本中与科目目录印法不同的名称（如 30213: 维修(护)费）：编码 → 名称，"
                                "只在部分表中如此印的写 {名称, 各表}；部门规格中写的用于部门文档"),
}
UNIT = obj(SHARED | BUDGET, ("格式", "年度", "部门名称", "主管部门", "单位名称", "预算明细", "上年三公经费"), "一个预算单位的规格")
DEPARTMENT = obj(SHARED | BUDGET | {
    "下属单位": listing(text("单位规格文件的路径（相对于本文件）"), "下属单位的规格文件"),
    "单位构成": obj({kind: {"type": "integer", "minimum": 0} for kind in UNIT_TYPES},
                    description="部门所属各类预算单位的家数（下属单位未全部列出规格时填写）"),
}, ("格式", "年度", "部门名称"),
    "一个部门的规格：由下属单位的规格合成；未单独公开的单位，其预算明细可由部门自己列出") | {
    "anyOf": [{"required": ["下属单位"]}, {"required": ["单位构成"]}]}

FINAL_LINE_KEYS = ("性质", "功能科目", "经济科目", "资金来源", "决算数")
FINAL_LINE_OPTIONAL = ("年初预算数", "全年预算数", "单位类型")
FINAL_INCOME_KEYS = ("功能科目", "收入类型", "金额")
BALANCE_KEYS = ("功能科目", "资金来源", "年初结转和结余", "年末结转和结余")
MEMBER_KEYS = ("单位名称", "备注")
LAST_THREE_PUBLIC_KEYS = ("因公出国（境）费", "公务用车购置及运行维护费", "公务接待费")
FINAL_SOURCES = list(source_groups("决算资金来源.csv"))
FINAL_LINE_FIELDS = dict(zip(FINAL_LINE_KEYS + FINAL_LINE_OPTIONAL, (
    {"enum": list(NATURES)}, code(7, "功能分类科目（项，7 位）"), code(5, "部门预算经济分类科目（款，5 位）"),
    {"enum": FINAL_SOURCES}, amount("决算数（元）"), amount("年初预算数（元）"), amount("全年预算数（元，调整后预算）"),
    {"enum": list(UNIT_TYPES), "description": "这一笔的单位类型（部门中各单位类型不同时；不写即为规格的单位类型）"}),
    strict=True))
FINAL_LINE = {"description": "一笔决算：[性质, 功能科目, 经济科目, 资金来源, 决算数, 年初预算数, 全年预算数, 单位类型]"
                             "（元；两个预算数可省略，单位类型可省略）",
              "anyOf": [{"type": "array", "prefixItems": list(FINAL_LINE_FIELDS.values()), "minItems": 5, "maxItems": 8},
                        obj(FINAL_LINE_FIELDS, FINAL_LINE_KEYS)]}
FINAL_INCOME = {"description": "一笔收入：[功能科目, 收入类型, 金额]（元）", "type": "array", "minItems": 3, "maxItems": 3,
                "prefixItems": [code(7, "功能分类科目（项）"), {"enum": FINAL_SOURCES[:-1]}, amount("金额（元）")]}
BALANCE = {"description": "[功能科目, 资金来源, 年初结转和结余, 年末结转和结余]（元）；非财政拨款的功能科目可写 \"\"",
           "type": "array", "minItems": 4, "maxItems": 4,
           "prefixItems": [{"anyOf": [code(7, "功能分类科目（项）"), {"const": ""}]}, {"enum": FINAL_SOURCES[:-1]},
                           amount("年初结转和结余（元）"), amount("年末结转和结余（元）")]}
FINAL = obj(SHARED | {
    "单位名称": text("决算单位的名称"), "单位类型": UNIT_TYPE,
    "单位构成": listing(obj({"单位名称": text("单位名称"), "备注": text("备注")}, ("单位名称",)), "部门决算单位构成（序号、单位名称、备注）"),
    "决算明细": listing(FINAL_LINE, "全部表格的唯一来源：每行一笔支出决算"),
    "收入明细": listing(FINAL_INCOME, "本年收入，按功能科目和收入类型"),
    "结转结余": listing(BALANCE, "年初、年末结转和结余，按功能科目和资金来源"),
    "使用非财政拨款结余": amount("使用非财政拨款结余（元）"), "结余分配": amount("结余分配（元）"),
    "三公经费预算数": obj({k: amount(f"{k}预算数（元）") for k in THREE_PUBLIC_KEYS}, THREE_PUBLIC_KEYS, "本年“三公”经费预算数（元）"),
    "上年三公经费": obj({k: amount(f"上年{k}决算数（元）") for k in LAST_THREE_PUBLIC_KEYS}, LAST_THREE_PUBLIC_KEYS,
                        "上年“三公”经费决算数（元）"),
    "情况说明": obj({}, description="部门决算情况说明所需的事实（原因、用途、三公、政府采购、国有资产、绩效……）", extra=True),
    "补充科目": BUDGET["补充科目"], "科目名称": BUDGET["科目名称"],
}, ("格式", "年度", "部门名称", "单位名称", "决算明细"), "一个部门决算的规格（格式的 document 为 决算）")

UNIT_KEYS = tuple(UNIT["properties"])
FINAL_KEYS = tuple(FINAL["properties"])
FORM_KEYS = tuple(PROJECT["properties"]["绩效目标填报表"]["properties"])
DEPARTMENT_KEYS = tuple(DEPARTMENT["properties"])


def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a spec: a unit's or a department's."""
    house = {key: {"description": note} for key, note in house_style_keys().items()}
    unit, department, final = (_with_house(s, house, project_categories()) for s in (UNIT, DEPARTMENT, FINAL))
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, "title": "budgetgen 预算规格",
            "anyOf": [unit, department, final]}


def _with_house(spec: dict[str, Any], house: dict[str, Any], categories: list[str]) -> dict[str, Any]:
    """A spec's schema naming what the shipped formats declare: 版式 keys, project categories (read when asked)."""
    project = dict(PROJECT)
    project["properties"] = PROJECT["properties"] | {"类别": {"enum": categories, "description": "项目类别（各格式的 项目类别 之一）"}}
    properties = spec["properties"] | {"版式": spec["properties"]["版式"] | {"properties": house}}
    if "项目" in properties:  # a 决算 has no projects
        properties["项目"] = spec["properties"]["项目"] | {"items": project}
    return spec | {"properties": properties}
