"""The school's documents in their 公文 form: 章程, each meeting's 议事规则 and the 事项清单.

Each has a title, a 总则 first and a 附则 last, chapters 第一章 …, articles numbered 第一条 … from its
own start, and no editors' notes, internal ids or background; the site's text has no space between
Chinese and digits; 以上 includes the number."""

from __future__ import annotations

import re
import shutil
from fractions import Fraction

import pytest

from charter import load_charter
from charter.model import Threshold
from charter.numerals import article
from charter.problems import CharterError
from charter.render import Renderer
from conftest import ROOT

CJK = "\u4e00-\u9fff"
SCHOOLS = ["model", "committee-separate", "branch-combined"]  # the model as it stands, and the two example schools


@pytest.fixture(scope="module", params=SCHOOLS)
def renderer(request, tmp_path_factory) -> Renderer:
    if request.param == "model":
        return Renderer(load_charter(ROOT))
    school = ROOT / "tests" / "schools" / request.param
    data = shutil.copytree(ROOT / "data", tmp_path_factory.mktemp(request.param) / "data")
    shutil.copy2(school / "school.yml", data / "school.yml")
    shutil.copytree(school / "local", data / "local", dirs_exist_ok=True)
    return Renderer(load_charter(ROOT, data))


@pytest.fixture(scope="module")
def pages(renderer) -> dict[str, str]:
    return renderer.pages()


def documents(renderer, pages):
    return [(d, pages[d.page]) for d in renderer.outline.documents]


def test_the_school_has_its_four_documents(renderer):
    titles = [d.title for d in renderer.outline.documents]
    assert titles == ["章程", "党组织会议议事规则", "校长办公会议（校务会议）议事规则", "事项清单"]


def test_articles_are_numbered_from_each_documents_own_first_article(renderer, pages):
    for document, text in documents(renderer, pages):
        if document.kind == "list":
            continue
        numbers = re.findall(r"^\*\*(第[一二三四五六七八九十百零]+条)\*\*　", text, flags=re.M)
        assert numbers == [article(n) for n in range(1, len(numbers) + 1)], document.id
        assert len(numbers) == len(document.article_ids())
        assert not re.search(r"第\d+条", text), "articles are numbered in Chinese numerals, never 第12条"


def test_each_document_opens_with_general_provisions_and_closes_with_supplementary_ones(renderer, pages):
    school = renderer.charter.school
    year, month, day = (int(x) for x in school.effective_date.split("-"))
    for document, text in documents(renderer, pages):
        if document.kind == "list":
            continue
        chapters = re.findall(r"^## (第[一二三四五六七八九十]+章)　(\S+)", text, flags=re.M)
        assert chapters[0][1] == "总则" and chapters[-1][1] == "附则", document.id
        first = re.search(r"\*\*第一条\*\*　(.+)", text).group(1)
        assert first.startswith("为") and ("制定本章程" in first or "制定本规则" in first) and "根据《" in first
        tail = text[text.index("　附则") :]
        noun = "章程" if document.id == "charter" else "规则"
        assert f"本{noun}所称“以上”包括本数，“超过”不包括本数。" in tail
        assert f"本{noun}自{year}年{month}月{day}日起施行。" in tail


def test_a_chapter_of_several_roles_duties_has_a_section_per_role(renderer, pages):
    text = pages["charter.md"]
    duties = text[text.index("　职责 {#part-duties") :]
    sections = re.findall(r"^### 第([一二三四五六七八九十]+)节　(.+?) \{", duties, flags=re.M)
    assert [s[1] for s in sections][:2] == ["党组织职责", "校长职责"]


def test_the_documents_hold_no_background_notes_or_internal_ids(renderer, pages):
    ids = set(renderer.charter.by_id)
    for document, text in documents(renderer, pages):
        body = re.sub(r"\{[:#][^}]*\}|\]\([^)]*\)|<[^>]+>", "", text)
        for note in ("原始材料", "实施步骤", "民办学校", "seed-", "（决定："):
            assert note not in body, (document.id, note)
        visible_ids = [word for word in re.findall(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)+", body) if word in ids]
        assert not visible_ids, (document.id, visible_ids[:5])


def test_a_rule_document_lists_the_matters_its_meeting_decides(renderer, pages):
    rules = {d.id: text for d, text in documents(renderer, pages) if d.kind == "articles" and d.id != "charter"}
    party = next(text for key, text in rules.items() if key.startswith("party"))
    scope = party[party.index("　议事范围") : party.index("## 第三章")]
    assert "下列事项由党组织会议讨论决定：" in scope and "（一）" in scope


def test_no_space_between_chinese_and_digits_in_reader_facing_text(pages):
    def reader_text(md: str) -> str:
        md = re.sub(r"^---\n.*?\n---\n", "", md, flags=re.S)
        md = re.sub(r"<(option|th|legend)\b.*?</\1>", "", md)  # labels of the checklist's controls: 1 组织体系
        md = re.sub(r"`[^`]*`|\{[:#][^}]*\}|\]\([^)]*\)|<[^>]+>", "", md)
        md = re.sub(r"^#+ [\d.]+ ", "", md, flags=re.M)  # numbered headings: 1.1 问题
        return re.sub(r"\d+ / \d+", "", md)  # counters: 已答 0 / 18 条

    pattern = re.compile(rf"[{CJK}（）：，；。][ ]+\d|\d[ ]+[{CJK}（）：，；。]")
    found = []
    for src, text in pages.items():
        plain = reader_text(text)
        found += [(src, plain[max(0, m.start() - 8) : m.end() + 8]) for m in pattern.finditer(plain)]
    assert not found, found[:10]


def test_yishang_includes_the_number():
    """半数以上 of 8 members is 4 (以上 includes the number); 超过半数 of 8 is 5."""
    at_least_half, more_than_half = Threshold("at_least", "1/2"), Threshold("more_than", "1/2")
    assert at_least_half.minimum(8) == 4 and more_than_half.minimum(8) == 5
    assert at_least_half.accepts(Fraction(1, 2)) and not more_than_half.accepts(Fraction(1, 2))


def test_eight_members_open_a_party_meeting_with_four_present():
    charter = load_charter(ROOT)
    party = next(r for r in charter.rules if r.body == "party-organization-meeting")
    assert party.quorum.threshold.minimum(8) == 4
    assert party.decision.threshold.minimum(8) == 5  # 赞成票超过应到会成员半数
    page = Renderer(charter).pages()["rules/party-organization-meeting.md"]
    assert "半数以上" in page and "超过半数成员到会" not in page


def test_the_fidelity_table_gives_every_article_the_document_that_says_it(renderer, pages):
    """Every article of every document is a row; a rule's row names a document (a national one, or the local
    practice it follows as a model default); the reading of 以上 cites the 民法典."""
    table = pages["reference/fidelity.md"]
    rows = {m.group(1): m.group(0) for m in re.finditer(r"^\| \[[^\]]+\]\([^)#]*#([a-z0-9-]+)\) \|.*$", table, flags=re.M)}
    for document in renderer.outline.documents:
        for target in document.article_ids():
            row = rows[target]
            kind, policy, examples = (cell.strip() for cell in row.split(" | ")[1:4])
            assert kind in ("上级文件", "地方文件", "示范做法", "文件格式"), row
            if kind != "文件格式":
                assert policy or examples, row
            if kind == "上级文件":
                assert "《" in policy, row
            if kind == "示范做法":
                assert "参考：" in examples and not policy, row
    assert "《中华人民共和国民法典》第一千二百五十九条" in rows["charter-reading"]


@pytest.mark.parametrize(("party_members", "small"), [(5, True), (7, False)])
def test_a_branch_under_seven_members_has_no_committee_and_its_rule_says_so(tmp_path, party_members, small):
    """支部工作条例: a 党支部 with fewer than 7 full members sets up no 支部委员会; its 党员大会 decides."""
    school = ROOT / "tests" / "schools" / "branch-combined"
    data = shutil.copytree(ROOT / "data", tmp_path / "data")
    profile = (school / "school.yml").read_text(encoding="utf-8") + f"full_party_members: {party_members}\n"
    (data / "school.yml").write_text(profile, encoding="utf-8")
    renderer = Renderer(load_charter(ROOT, data))
    pages = renderer.pages()
    party = next(d for d in renderer.outline.documents if d.id.startswith("party"))
    general = pages[party.page].split("## 第二章")[0]
    rule_page = pages["rules/party-organization-meeting.md"]
    if small:
        assert "不足7人，不设支部委员会" in general and "由党支部党员大会召开" in general
        assert '!!! note "本校党支部不设支部委员会"' in rule_page and "党员大会" in rule_page
        assert "《中国共产党支部工作条例（试行）》第六章" in pages["reference/fidelity.md"]
        # no 支部委员 in a branch without a committee: its members are every full member
        document = pages[party.page]
        assert "党支部全体正式党员" in document and "党支部委员" not in document.replace("不设支部委员会", "")
    else:
        assert "支部委员会" not in general and "不设支部委员会" not in rule_page


def test_a_small_branch_meeting_counts_every_full_member(tmp_path):
    """A 党支部 of 5 full members meets as its 党员大会: its Party meeting's members are those 5, not fewer."""
    data = shutil.copytree(ROOT / "data", tmp_path / "data")
    profile = (ROOT / "tests" / "schools" / "branch-combined" / "school.yml").read_text(encoding="utf-8")
    profile = profile.replace("party-organization-meeting: 5", "party-organization-meeting: 3") + "full_party_members: 5\n"
    (data / "school.yml").write_text(profile, encoding="utf-8")
    with pytest.raises(CharterError) as caught:
        load_charter(ROOT, data)
    [problem] = [p for p in caught.value.problems if p.severity == "error"]
    assert problem.file == "data/school.yml" and problem.field == "members.party-organization-meeting"
    assert "party-organization-meeting: 5" in problem.hint and "第六章" in problem.hint


def test_init_asks_a_branch_for_its_full_members_and_counts_them_at_its_meeting(tmp_path):
    """`charter init`, answered as a small 党支部 school would: the profile records its 5 full members, and its
    Party meeting (the 党员大会) has those 5 as members without a further question."""
    import argparse

    from charter import init

    shutil.copytree(ROOT / "data", tmp_path / "data")
    answers = iter(["东风路小学", "党支部", "一肩挑", "5", "7"])
    args = argparse.Namespace(name=None, short_name=None, org_type=None, mode=None, party_members=None, office_members=None)
    args.full_party_members, args.effective_date, args.force = None, "2027-02-01", False
    assert init.run(args, tmp_path, "1.2.0", ask=lambda question: next(answers)) == 0
    profile = (tmp_path / "data" / "school.yml").read_text(encoding="utf-8")
    assert "full_party_members: 5" in profile and "party-organization-meeting: 5" in profile and "principal-office-meeting: 7" in profile
    charter = load_charter(tmp_path)
    assert charter.school.small_branch and charter.title_of("party-committee-members") == "党支部全体正式党员"
