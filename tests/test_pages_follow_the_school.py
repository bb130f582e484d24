"""Pages never contradict the school's own text: what a school adopts (its profile, its overlays in
`data/local/`) is what every page says — lists of titles read as lists, thresholds in words, counts
from the data, the school's own name, its changes as titles, routes and checklists that follow it.

Each test builds a copy of the data with the school's profile and a small overlay, in-process."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from charter import load_charter
from charter.numerals import article
from charter.render import Renderer
from conftest import ROOT

SCHOOLS = ROOT / "tests" / "schools"


def build(tmp_path: Path, school: str = "committee-separate", overlay: str = "", files: dict[str, str] | None = None) -> Renderer:
    """A copy of the data with the example school's profile and overlays, `overlay` as one more overlay
    file and `files` (path under data/ → text) written over the copy."""
    data = shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copy2(SCHOOLS / school / "school.yml", data / "school.yml")
    shutil.copytree(SCHOOLS / school / "local", data / "local", dirs_exist_ok=True)
    if overlay:
        (data / "local" / "zz-test.yml").write_text("model_version: 1.1.0\n" + overlay, encoding="utf-8")
    for name, text in (files or {}).items():
        (data / name).write_text(text, encoding="utf-8")
    return Renderer(load_charter(ROOT, data))


def plain(markdown: str) -> str:
    """The text a reader sees: no links' targets, attributes or tags."""
    markdown = re.sub(r"\]\([^)]*\)|\{[:#][^}]*\}|<[^>]+>", "", markdown)
    return markdown.replace("[", "").replace("]", "")


RE_ROUTED_AGENDA = """
modify:
  - id: party-meeting-agenda
    reason: 本校议题由书记、校长和委员提出。
    set:
      proposed_by: [secretary, principal, party-committee-members]
"""


def test_lists_of_titles_are_joined_with_a_separator(tmp_path):
    renderer = build(tmp_path, overlay=RE_ROUTED_AGENDA)
    pages = renderer.pages()
    rule = plain(pages["rules/party-organization-meeting.md"])
    assert "| 议题 | 党委书记、校长、党委委员提出，党委书记确定" in rule
    assert "党委书记校长" not in rule
    assert "| 末位表态 | 党委书记、校长最后表态" in rule
    roles = pages["roles.md"]
    for line in roles.splitlines():
        if line.startswith("- **职责**："):
            assert "）[" not in line, line  # several duty lists: 党组织职责（n条）、…


THRESHOLDS = """
modify:
  - id: party-meeting-quorum
    reason: 本校要求五分之四以上成员到会。
    set:
      threshold: {op: at_least, fraction: 4/5}
  - id: party-meeting-quorum-cadre
    reason: 本校讨论干部任免时要求全体成员到会。
    set:
      threshold: {op: at_least, fraction: 1/1}
"""

FRACTION = re.compile(r"(?<![\d./])\d+/\d+(?![\d/])")


def test_thresholds_read_in_words_on_every_page(tmp_path):
    """Not 4/5 or 1/1: 五分之四以上, 全体 — on the rule page, its calculator, the rules index and 本校调整."""
    pages = build(tmp_path, "branch-combined", overlay=THRESHOLDS).pages()
    for src, text in pages.items():
        if src == "reference/fields.md":  # the data format itself: `fraction` is written 1/2
            continue
        found = FRACTION.findall(re.sub(r"\]\([^)]*\)", "", text))
        assert not found, (src, found)
    local = plain(pages["local.md"])
    assert "| 半数以上 | 五分之四以上 |" in local and "| 三分之二以上 | 全体 |" in local
    rule = plain(pages["rules/party-organization-meeting.md"])
    assert "五分之四以上成员到会（本校至少4人）" in rule and "全体成员到会（本校至少5人）" in rule
    assert "须全体成员到会" in pages["rules/party-organization-meeting.md"]  # the calculator's sentence
    assert "| 五分之四以上 |" in pages["rules/index.md"]


def test_the_rules_index_counts_the_schools_rules(tmp_path):
    renderer = build(tmp_path)
    assert "学校的两个议事规则" in renderer.pages()["rules/index.md"]
    data = tmp_path / "data"
    rule = (data / "rules" / "principal-office-meeting.yml").read_text(encoding="utf-8")
    third = re.sub(r"\b(id|ref): office-meeting-", r"\1: council-meeting-", rule).replace(
        "id: office-meeting-rules", "id: council-meeting-rules"
    )
    third = third.replace("body: principal-office-meeting", "body: council-meeting").replace(
        "title: 校长办公会议（校务会议）议事规则", "title: 校务委员会会议议事规则"
    )
    (data / "rules" / "council-meeting.yml").write_text(re.sub(r"^order: \d+", "order: 3", third, flags=re.M), encoding="utf-8")
    organization = (data / "organization.yml").read_text(encoding="utf-8")
    body = "bodies:\n  - id: council-meeting\n    title: 校务委员会会议\n    kind: meeting\n    description: 学校的校务委员会会议。\n"
    body += "    sources: [{ref: seed-001, at: 篇3·四.1}]\n"
    (data / "organization.yml").write_text(organization.replace("bodies:\n", body, 1), encoding="utf-8")
    school = (data / "school.yml").read_text(encoding="utf-8")
    (data / "school.yml").write_text(school.replace("members:\n", "members:\n  council-meeting: 9\n", 1), encoding="utf-8")
    text = Renderer(load_charter(ROOT, data)).pages()["rules/index.md"]
    assert "学校的三个议事规则" in text and "两个" not in text


def test_an_adopted_schools_home_is_its_own_charter(tmp_path):
    home = build(tmp_path).pages()["index.md"]
    front, body = home.split("\n---\n", 1)
    assert 'title: "江城第一中学章程"' in front
    assert "《江城第一中学章程》" in body and "示范章程把" not in body
    assert '!!! note "示范文本"' not in body and "这是示范概况" not in body
    assert "依据《中小学校党组织领导的校长负责制示范章程》1.1.0版制定" in plain(body)
    assert "本校调整" in body  # the school adapts the model: a link to its changes
    model_home = Renderer(load_charter(ROOT)).pages()["index.md"]  # the model's own example profile
    assert '!!! note "示范文本"' in model_home and "这是示范概况" in model_home and "本示范章程" in model_home


LOCAL_CHANGES = """
add:
  - after: procedure-one-by-one
    reason: 本校增加会前公示程序。
    entry:
      id: procedure-notice
      title: 会前公示
      text: 会议议题按下列要求公示。
      sources: [{ref: seed-001, at: 篇3·四.2}]
      children:
        - {id: procedure-notice-when, title: 公示时间, text: 会前3日公示。, sources: [{ref: seed-001, at: 篇3·四.2}]}
        - {id: procedure-notice-where, title: 公示地点, text: 在校务公开栏公示。, sources: [{ref: seed-001, at: 篇3·四.2}]}
  - after: procedure-notice
    reason: 本校增加会后通报程序。
    entry:
      id: procedure-report-back
      title: 会后通报
      text: 会后向教职工通报会议决定。
      sources: [{ref: seed-001, at: 篇3·四.2}]
modify:
  - id: party-meeting-agenda
    reason: 本校议题由书记、校长提出。
    set:
      proposed_by: [secretary, principal]
      decided_by: secretary
"""


def test_local_page_shows_titles_real_changes_and_every_addition_in_written_order(tmp_path):
    renderer = build(tmp_path, "branch-combined", overlay=LOCAL_CHANGES)
    local = renderer.pages()["local.md"]
    reader = plain(re.sub(r"<code>[^<]*</code>", "", local))
    ids = [word for word in re.findall(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)+", reader) if word in renderer.charter.by_id or "meeting" in word]
    assert not ids, ids  # titles, never ids: not the removed attendee's, not the roles' or sources'
    assert "## 删除：团委书记、少先队大队辅导员出席或列席" in local
    agenda = local[local.index("## 修改：党组织会议议题") :].split("\n## ")[0]
    assert "proposed&#95;by" in agenda and "decided&#95;by" not in agenda, "a field set to the model's value is no change"
    assert "| 领导班子成员 | 党支部书记、校长 |" in plain(agenda)
    headings = re.findall(r"^## (\S+?)：(.+?) \{", local, flags=re.M)
    zz = [title for _, title in headings if title in ("会前公示", "会后通报", "党组织会议议题")]
    assert zz == ["会前公示", "会后通报", "党组织会议议题"], "in the order the school wrote them"
    notice = local[local.index("## 新增：会前公示") :].split("\n## ")[0]
    assert "公示时间" in notice and "会前3日公示。" in notice and "公示地点" in notice and "在校务公开栏公示。" in notice
    assert "（一） 公示时间" in plain(notice) and "（二） 公示地点" in plain(notice), "every added clause, numbered"
    frequency = plain(local[local.index("## 修改：校长办公会议召开频次") :].split("\n## ")[0])
    assert "| 每周 | 每月 |" in frequency and "week" not in frequency


REROUTED = """
modify:
  - id: matter-staff-contracts
    reason: 本校聘用合同经校长办公会议研究后由党组织会议决定。
    set:
      decides: party-organization-meeting
      deliberates: [principal-office-meeting]
"""


def test_matters_intro_and_routes_follow_a_rerouted_matter(tmp_path):
    model = Renderer(load_charter(ROOT)).pages()
    assert "聘用合同是校长的职权，由校长办公会议决定" in model["matters/index.md"]  # the model's own wording, kept while it holds
    pages = build(tmp_path, overlay=REROUTED).pages()
    matters = pages["matters/index.md"]
    intro = plain(matters.split("## 决策矩阵")[0])
    assert "由校长办公会议决定" not in intro and "聘用合同由党组织会议讨论决定（先经校长办公会议研究）" in intro
    counted = re.search(r"党组织会议讨论决定(\d+)项.*校长办公会议讨论决定(\d+)项", intro)
    assert counted and int(counted.group(2)) == 2, intro  # 教学管理、安全后勤; 聘用合同 now with the 党组织会议
    assert "由校长办公会议决定" not in plain(pages["documents/matters.md"].split("|")[0])
    row = next(line for line in matters.splitlines() if "[聘用合同](#matter-staff-contracts) |" in line)
    assert "**党组织会议**" in row and "流程图" not in row and "本校调整" in row
    entry = plain(matters[matters.index("{#matter-staff-contracts") :].split("\n### ")[0])
    assert "决策路径：本校调整后由党组织会议决定，不按行政工作事项决策路径办理" in entry
    routes = pages["matters/routes.md"]
    administrative = routes[routes.index("{#route-administrative") :].split("\n## ")[0]
    applicable = next(line for line in administrative.splitlines() if line.startswith("适用事项："))
    assert "聘用合同" not in applicable
    assert "本校调整后不按本路径决策的事项：" in administrative and "本校改由党组织会议讨论决定" in administrative
    rerouted = plain(routes[routes.index("## 本校调整了决策机构的事项") :])
    assert "**党组织会议**决定：聘用合同" in rerouted
    assert "本校调整了决策机构的事项" not in model["matters/routes.md"]


CHECKED_ENTRIES = """
modify:
  - id: party-meeting-last-speaker
    reason: 本校由书记一人末位表态。
    set:
      roles: [secretary]
remove:
  - id: party-meeting-attendees-admin
    reason: 本校行政班子成员都是党支部委员，不另列席。
  - id: procedure-last-speaker
    reason: 本校末位表态只写在议事规则中。
"""


def test_checklist_items_follow_the_entries_the_school_changed(tmp_path):
    """An item verifying only entries the school removed does not apply, and says why; one verifying an entry the
    school modified (or removed one of several) is checked against the school's own text."""
    renderer = build(tmp_path, "branch-combined", overlay=CHECKED_ENTRIES)  # the school also removes the youth attendees
    page = renderer.pages()["checklists/meetings.md"]
    attendees = "mtg-party-attendees"
    assert f'data-item="{attendees}"' not in page and f'"id":"{attendees}"' not in page.replace("&quot;", '"')
    excluded = plain(page[page.index("不适用于本校的条目") :])
    assert "或本校调整不适用" in excluded
    line = next(x for x in excluded.splitlines() if x.strip().startswith("- ") and "列席" in x)
    assert "本校已删除所核查的条文" in line and "本校行政班子成员都是党支部委员" in line and "本校未设团委和少先队大队" in line
    item = page[page.index('data-item="mtg-party-last-speaker"') :].split('<div class="checklist-item"')[0]
    assert "本校已调整，按本校条文核查：" in item
    assert "(../rules/party-organization-meeting.md#party-meeting-last-speaker)" in item
    assert "本校已删除，不再核查：书记、校长末位表态（本校末位表态只写在议事规则中）" in plain(item)
    meetings = next(c for c in renderer.charter.checklists if c.id == "meetings")
    scored = [i["id"] for s in renderer.views.checklist_view(meetings)["sections"] for i in s["items"]]
    assert attendees not in scored and "mtg-party-last-speaker" in scored  # what the page scores
    model = Renderer(load_charter(ROOT)).pages()["checklists/meetings.md"]
    assert f'data-item="{attendees}"' in model and "本校已调整" not in model and "本校已删除" not in model


def test_a_special_quorum_for_several_matters_names_each(tmp_path):
    """Without a `scope`, the special quorum's summary row, calculator label and static sentence list its matters."""
    rule = (ROOT / "data" / "rules" / "party-organization-meeting.yml").read_text(encoding="utf-8")
    rule = rule.replace(
        "      matters: [matter-cadre-appointment]\n      scope: 干部任免等重要事项\n",
        "      matters: [matter-cadre-appointment, matter-major-decision]\n",
    )
    assert "matter-major-decision]" in rule
    page = build(tmp_path, files={"rules/party-organization-meeting.yml": rule}).pages()["rules/party-organization-meeting.md"]
    assert "| 特别到会门槛 | 重要干部任免、重大决策：" in plain(page)
    assert ">重要干部任免、重大决策</option>" in page
    assert "讨论重要干部任免、重大决策时至少" in page


def test_a_rule_page_shows_an_added_clause_where_its_number_puts_it(tmp_path):
    """东风路小学 adds 会议纪要公开 after 决议执行与督查 without a `part`: its document numbers it among the
    议事程序, and the rule page lists it there too, not after a clause with a higher number."""
    renderer = build(tmp_path, "branch-combined")
    page = renderer.pages()["rules/party-organization-meeting.md"]
    clauses = page[page.index("{#party-meeting-scope") :]
    ids = re.findall(r"^### \S+ \S+ \{#([a-z0-9-]+)", clauses, flags=re.M)
    numbers = [ARTICLES.index(renderer.views.number(i)) for i in ids]
    assert "party-meeting-minutes-public" in ids and numbers == sorted(numbers), list(zip(ids, numbers, strict=True))


ARTICLES = [article(n) for n in range(1, 200)]


def test_a_changed_entry_s_checklist_items_are_asked_of_the_school_s_text(tmp_path):
    """Beside a clause the school changed, the checklist items that verify it say they check the school's text."""
    pages = build(tmp_path).pages()
    rule = pages["rules/party-organization-meeting.md"]
    frequency = rule[rule.index("{#party-meeting-frequency ") :].split("\n### ")[0]
    assert "自查（本校已调整，按本校条文核查）：" in frequency
    members = rule[rule.index("{#party-meeting-members ") :].split("\n### ")[0]
    assert "本校已调整" not in members
