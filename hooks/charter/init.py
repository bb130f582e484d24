"""`charter init`: start a school's profile from a few questions or flags."""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from pathlib import Path

from .schemas import MODES, ORG_TYPES

NO_ANSWER = (
    "没有读到回答（输入已结束）：请在终端中运行并逐个回答问题，或用参数直接给出："
    "--name 学校全称 --org-type 党委/党总支/党支部 --party-members 人数 --office-members 人数（党支部学校另加 --mode 分设/一肩挑）。"
)
HEADER = "# yaml-language-server: $schema=../schema/school.schema.json\n# 学校概况：学校改成本校信息后，网站中的称谓、适用条款和自查条目随之变化。\n"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--name", help="学校全称")
    parser.add_argument("--short-name", help="学校简称（默认同全称）")
    parser.add_argument("--org-type", choices=ORG_TYPES, help="党组织类型")
    parser.add_argument("--mode", choices=MODES, help="领导方式：分设或一肩挑（一肩挑仅限党支部）")
    parser.add_argument("--party-members", type=int, help="党组织会议应到会成员人数")
    parser.add_argument("--office-members", type=int, help="校长办公会议应到会成员人数")
    parser.add_argument(
        "--full-party-members", type=int, help="党支部的正式党员人数（不足7人的党支部不设支部委员会，由党员大会召开党组织会议）"
    )
    parser.add_argument("--effective-date", help="章程施行日期 YYYY-MM-DD（默认今天）")
    parser.add_argument("--force", action="store_true", help="覆盖已经填写过的 data/school.yml")


def run(args: argparse.Namespace, project: Path, model_version: str, ask=input) -> int:
    target = project / "data" / "school.yml"
    if target.exists() and "example: true" not in target.read_text(encoding="utf-8") and not args.force:
        print(f"{target} 已是本校概况；确需重写请加 --force。")
        return 1
    try:
        name = args.name or _ask(ask, "学校全称", lambda v: v.strip() != "")
        org_type = args.org_type or _ask(ask, "党组织类型（党委 / 党总支 / 党支部）", lambda v: v in ORG_TYPES)
        mode = args.mode or ("分设" if org_type != "党支部" else _ask(ask, "领导方式（分设 / 一肩挑）", lambda v: v in MODES))
        if org_type != "党支部" and mode == "一肩挑":
            print("只有党支部学校可以“一肩挑”；党委、党总支学校书记和校长分设。")
            return 1
        full = args.full_party_members
        if full is None and org_type == "党支部" and not args.name:  # asked only when answering questions
            answer = _ask(
                ask,
                "党支部正式党员人数（不足7人的党支部不设支部委员会；不清楚就直接回车）",
                lambda v: v == "" or (v.isdigit() and int(v) >= 1),
            )
            full = int(answer) if answer else None
        small = full is not None and full < 7 and org_type == "党支部"  # its 党员大会 meets: every full member
        party = args.party_members or (full if small else int(_ask(ask, "党组织会议应到会成员人数", _is_count)))
        office = args.office_members or int(_ask(ask, "校长办公会议应到会成员人数", _is_count))
    except EOFError:
        print()  # end the line of the question that was not answered
        print(NO_ANSWER, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print()
        print("已取消，没有写入文件。", file=sys.stderr)
        return 130
    date = args.effective_date or datetime.date.today().isoformat()
    text = HEADER + "\n".join(
        [
            f"name: {json.dumps(name, ensure_ascii=False)}",
            f"short_name: {json.dumps(args.short_name or name, ensure_ascii=False)}",
            f"org_type: {org_type}",
            f"leadership_mode: {mode}",
            *([f"full_party_members: {full}"] if full is not None and org_type == "党支部" else []),
            "members:",
            f"  party-organization-meeting: {party}",
            f"  principal-office-meeting: {office}",
            f"effective_date: {date}",
            f"model_version: {model_version}",
            "",
        ]
    )
    target.write_text(text, encoding="utf-8")
    (project / "data" / "local").mkdir(exist_ok=True)
    print(f"已写入 {target.relative_to(project)}。下一步：charter check，然后 mkdocs serve 预览。")
    return 0


def _is_count(value: str) -> bool:
    return value.isdigit() and 1 <= int(value) <= 99


def _ask(ask, question: str, valid) -> str:
    while True:
        value = ask(f"{question}：").strip()
        if valid(value):
            return value
        print("输入不符合要求，请重新输入。")
