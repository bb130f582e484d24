"""Every section of the content brief (../shared/content-brief.md) is represented in data/.

Each check names the entry (by id) or the structured field that holds a fact of the brief.
"""

from __future__ import annotations

import dataclasses
import json

import pytest

from charter import load_charter
from charter.model import Entry
from conftest import ROOT

CHARTER = load_charter(ROOT, local=False)  # the model, whatever a school's overlays change


def text(entry_id: str) -> str:
    obj = CHARTER.by_id[entry_id]
    return json.dumps(dataclasses.asdict(obj), ensure_ascii=False)


def section_text(section_id: str) -> str:
    return text(section_id)


def all_items(duty_role: str) -> list[Entry]:
    return next(d for d in CHARTER.duties if d.role == duty_role).items


# 1. Leadership system


def test_1_leadership_system():
    assert "把方向、管大局、作决策、抓班子、带队伍、保落实" in text("leadership-core-role")
    assert "法定代表人" in text("leadership-principal-role")
    assert all(w in text("leadership-democratic-centralism") for w in ("集体领导", "民主集中", "个别酝酿", "会议决定"))
    separate, combined = CHARTER.by_id["leadership-config-separate"], CHARTER.by_id["leadership-config-combined"]
    assert set(separate.applies_to.org_types) == {"党委", "党总支"} and "副书记" in text(separate.id)
    assert combined.applies_to.org_types == ["党支部"] and "专职副书记" in text(combined.id)
    structure = text("leadership-structure")
    assert all(w in structure for w in ("党支部", "党小组", "年级组"))
    leadership = section_text("leadership")
    assert "民办" in leadership and "全覆盖" in leadership
    assert "大局" in leadership and "党建主体责任" in leadership  # roles in each configuration (seed-003)
    assert "权力清单" in text("leadership-power-list")


# 2. Duties


def test_2_duties():
    party = all_items("party-organization")
    assert len(party) >= 10
    party_text = " ".join(text(i.id) for i in party)
    for term in (
        "两个确立",
        "四个意识",
        "四个自信",
        "两个维护",
        "三重一大",
        "党管干部",
        "党管人才",
        "三会一课",
        "四责协同",
        "教职工代表大会",
    ):
        assert term in party_text, term
    principal = " ".join(text(i.id) for i in all_items("principal"))
    assert len(all_items("principal")) >= 9
    for term in ("发展规划", "招生", "心理健康", "思政课", "重大建设项目", "年度预算", "聘用合同", "安全稳定", "家庭", "报告"):
        assert term in principal, term
    assert "第一责任人" in " ".join(text(i.id) for i in all_items("secretary"))
    assert any(i.applies_to and "一肩挑" in i.applies_to.modes for i in all_items("secretary"))
    assert "党建" in " ".join(text(i.id) for i in all_items("fulltime-deputy-secretary"))
    assert len(all_items("leadership-members")) >= 1
    staff = " ".join(text(i.id) for i in all_items("staff"))
    assert "民主管理" in staff and "团委书记" in staff


# 3. Rules of procedure, as structured parameters


def test_3_rules_of_procedure():
    party = next(r for r in CHARTER.rules if r.body == "party-organization-meeting")
    assert (party.frequency.times, party.frequency.per, party.frequency.as_needed) == (1, "month", True)
    assert (party.quorum.threshold.op, party.quorum.threshold.fraction) == ("more_than", "1/2")
    cadre = party.quorum.special[0]
    assert (cadre.threshold.op, cadre.threshold.fraction) == ("at_least", "2/3") and cadre.matters == ["matter-cadre-appointment"]
    assert party.decision.method == "vote" and party.decision.base == "members" and not party.decision.absent_opinions_counted
    assert set(party.decision.voting_methods) == {"口头", "举手", "无记名投票", "记名投票"}
    assert party.convener.role == "secretary" and party.convener.substitute == "deputy-secretary"
    assert party.agenda.decided_by == "secretary" and all(not a.may_vote for a in party.attendees)
    assert party.last_speaker.roles == ["secretary", "principal"]
    assert (party.officers.supervisors, party.officers.recorders) == (1, 1)
    office = next(r for r in CHARTER.rules if r.body == "principal-office-meeting")
    assert (office.frequency.times, office.frequency.per) == (1, "week")
    assert office.decision.method == "chair-decides" and office.convener.substitute == "vice-principal"
    assert office.escalation.to == "party-organization-meeting" and "暂缓" in office.disagreement.text
    procedure = section_text("procedure")
    for term in ("科学决策", "一事一议", "末位表态", "缓议", "专家", "教职工", "记录"):
        assert term in procedure, term
    assert "joint-meeting" in CHARTER.by_id and "党政联席会议" in procedure + text("joint-meeting")


# 4. Matters and routing


def test_4_matters():
    three = {m.id for m in CHARTER.by_id["matters-three-major"].matters}
    assert three == {"matter-major-decision", "matter-cadre-appointment", "matter-major-project", "matter-large-fund"}
    for matter in (
        "matter-party-building",
        "matter-school-direction",
        "matter-reform-development",
        "matter-staff-interests",
        "matter-charter-rules",
        "matter-organization-setup",
        "matter-talent",
    ):
        assert CHARTER.by_id[matter].decides == "party-organization-meeting", matter
    for matter in ("matter-development-plan", "matter-annual-budget", "matter-construction-assets", "matter-staff-contracts"):
        assert "principal" in CHARTER.by_id[matter].proposes, matter
    assert "权力清单" in CHARTER.matters.intro
    assert all(len(route.steps) >= 2 for route in CHARTER.matters.routes)


# 5. Mechanisms


def test_5_mechanisms():
    for entry_id, words in {
        "mechanism-communication": ["沟通"],
        "mechanism-reporting": ["报告", "教职工"],
        "mechanism-openness": ["党务公开", "校务公开"],
        "mechanism-supervision": ["督查"],
        "mechanism-221": ["221"],
    }.items():
        assert all(w in text(entry_id) for w in words), entry_id


# 6. Standards and teacher ethics


def test_6_standards():
    assert len(CHARTER.by_id["standard-five-basics"].items) == 5
    assert len(CHARTER.by_id["standard-six-goods"].items) == 6
    areas = text("standard-eight-areas")
    for area in ("组织体系", "班子队伍", "教育管理", "组织生活", "工作载体", "工作运行机制", "活动场所", "基本工作保障"):
        assert area in areas, area
    assert "52" in areas
    assert "摘星" in text("standard-star-rating")
    ethics = text("standard-teacher-ethics")
    for term in ("第一标准", "负面清单", "一票否决", "职称", "政治学习", "课堂讲授有纪律", "四有"):
        assert term in ethics, term
    standards = section_text("standards")
    for term in ("双培双带", "三会一课", "党建带团建", "思政课", "德育"):
        assert term in standards, term
    for term in ("简单化", "庸俗化", "片面化", "极端化", "过度化", "形式化"):
        assert term in text("standard-misconceptions"), term


# 7. Guarantees


def test_7_guarantees():
    five = CHARTER.by_id["guarantee-five-guarantees"]
    assert len(five.children) == 5
    training = text("guarantee-training") + text("guarantee-five-guarantees")
    assert "每年" in training and "2年" in training.replace(" ", "").replace("两年", "2年")
    assert "80" in text("guarantee-allowance")
    assert "领导小组" in section_text("guarantees")


# 8. Implementation timeline


def test_8_timeline():
    levels = {t.level for t in CHARTER.timelines.timelines}
    assert levels == {"district", "school"}
    everything = json.dumps(dataclasses.asdict(CHARTER.timelines), ensure_ascii=False)
    for term in ("10所", "20%", "70%", "100%", "221", "议事规则", "记录本", "领导小组"):
        assert term in everything.replace(" ", ""), term
    assert "20xx" not in everything and "2023年" not in everything, "dates are parameters, not fixed years"


# 9. Context figures


@pytest.mark.parametrize("figure", ["39", "95.12", "87", "31.47", "90.3"])
def test_9_context_figures(figure):
    assert figure in section_text("context")


def test_every_entry_cites_a_seed_or_policy():
    for obj in CHARTER.by_id.values():
        if isinstance(obj, Entry):
            assert obj.sources, obj.id
