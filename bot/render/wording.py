"""Every sentence sigbot says, in English and Simplified Chinese. Pure data and formatting.

Upstream facts (names, channels, leads, times) are inserted as they are; only our own wording is
translated. Kept in one place so a translator reads one file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.evidence.kinds import KINDS
from bot.lang import Lang as Lang  # re-exported: renderers take it from here
from bot.query import tokenize

if TYPE_CHECKING:
    from bot.answers import Answer, Match
    from bot.model import Feature, Group, KnowledgeBase, RetiredGroup

KIND_NAMES: dict[str, dict[str, str]] = {
    "en": {
        "sig": "Special Interest Group",
        "wg": "Working Group",
        "committee": "Committee",
        "usergroup": "User Group",
        "archived": "Retired group",
    },
    "zh": {
        "sig": "特别兴趣小组",
        "wg": "工作组",
        "committee": "委员会",
        "usergroup": "用户组",
        "archived": "已退役小组",
    },
}

WEEKDAY_NAMES = {
    "en": {
        "Monday": "Mon",
        "Tuesday": "Tue",
        "Wednesday": "Wed",
        "Thursday": "Thu",
        "Friday": "Fri",
        "Saturday": "Sat",
        "Sunday": "Sun",
    },
    "zh": {
        "Monday": "周一",
        "Tuesday": "周二",
        "Wednesday": "周三",
        "Thursday": "周四",
        "Friday": "周五",
        "Saturday": "周六",
        "Sunday": "周日",
    },
}

# One entry per sentence, English and Chinese side by side. The same shape a few hundred times
# over is on purpose (`duplicates` lists it as code written twice): a translator reads one table.
_TEXT: dict[str, dict[str, str]] = {
    "owns": {"en": "{group} owns this.", "zh": "{group} 负责这个主题。"},
    "probably": {"en": "Probably {group}{why}.", "zh": "可能是 {group}{why}。"},
    "probably_why": {"en": " (matched {labels})", "zh": "（匹配：{labels}）"},
    "also_possibly": {"en": " Also possibly {groups}.", "zh": "也可能是 {groups}。"},
    "verify_yes": {"en": "Yes: {group} owns {subject}.", "zh": "是的：{subject} 由 {group} 负责。"},
    "verify_no": {
        "en": "No: {subject} belongs to {group}, not {asked}.",
        "zh": "不是：{subject} 由 {group} 负责，而不是 {asked}。",
    },
    "verify_no_retired": {
        "en": "No: {asked} no longer exists; {subject} belongs to {group}.",
        "zh": "不是：{asked} 已不存在；{subject} 由 {group} 负责。",
    },
    "feature": {"en": "Feature: {title} ({kep}, {url})", "zh": "特性：{title}（{kep}，{url}）"},
    # A stage is said with a release only where upstream's milestone map puts it there; "since"
    # only for what is implemented, "planned" for what is not yet accepted.
    "feature_since": {
        "en": "{status}, {stage} since {release}",
        "zh": "{status}，自 {release} 起为 {stage}",
    },
    "feature_in": {
        "en": "{status}, {stage} in {release}",
        "zh": "{status}，{release} 中为 {stage}",
    },
    "feature_planned": {
        "en": "{status}, {stage} planned for {release}",
        "zh": "{status}，计划在 {release} 进入 {stage}",
    },
    "feature_unplanned": {
        "en": "{status}, {stage} planned (no release set)",
        "zh": "{status}，计划进入 {stage}（尚未定版本）",
    },
    "feature_stage": {"en": "{status}, {stage}", "zh": "{status}，{stage}"},
    "feature_status": {"en": "{status}", "zh": "{status}"},
    "feature_removed": {
        "en": "Removed from Kubernetes in {release}.",
        "zh": "已于 {release} 从 Kubernetes 中移除。",
    },
    "feature_gates": {"en": "feature gate {gates}", "zh": "特性门控 {gates}"},
    "feature_with": {"en": "with {groups}", "zh": "参与小组：{groups}"},
    "feature_withdrawn": {
        "en": "This KEP was {status}: the feature is not coming in this form.",
        "zh": "该 KEP 已{status}：此特性不会以这种形式推出。",
    },
    "feature_replaced": {"en": "Replaced by {keps}.", "zh": "已被 {keps} 取代。"},
    "owns_shared": {"en": "This is shared by {groups}.", "zh": "这个主题由 {groups} 共同负责。"},
    "misnomer": {"en": "Note: {note}", "zh": "注意：{note}"},
    "retired_namesake": {
        "en": "Note: {group} is retired. {note}",
        "zh": "注意：{group} 已退役。{note}",
    },
    "why": {"en": "Why: matched {via}", "zh": "匹配依据：{via}"},
    "join": {"en": "How to join", "zh": "如何加入"},
    "channel": {"en": "Slack", "zh": "Slack 频道"},
    "mailing_list": {"en": "Mailing list", "zh": "邮件列表"},
    "private_list": {"en": "Private list (confidential matters)", "zh": "私密邮件列表（保密事项）"},
    "meetings": {"en": "Meetings", "zh": "会议"},
    "no_meetings": {"en": "No regular meetings listed upstream.", "zh": "上游未列出定期会议。"},
    "more_meetings": {
        "en": "…and {n} more on the community page",
        "zh": "……另有 {n} 个会议，见社区页面",
    },
    "your_time": {"en": "your time", "zh": "你当地的时间"},
    "next": {"en": "next", "zh": "下次"},
    # How current the facts are: the commit dates of the imported upstream snapshots.
    "groups_as_of": {
        "en": "Group facts as of {date} (kubernetes/community)",
        "zh": "小组信息截至 {date}（kubernetes/community）",
    },
    "keps_as_of": {
        "en": "KEP facts as of {date} (kubernetes/enhancements)",
        "zh": "KEP 信息截至 {date}（kubernetes/enhancements）",
    },
    "data_as_of": {
        "en": "Upstream data as of {groups} (groups) and {keps} (KEPs).",
        "zh": "上游数据：小组信息截至 {groups}，KEP 信息截至 {keps}。",
    },
    "date_unknown": {"en": "an unknown date", "zh": "未知日期"},
    "next_estimated": {
        "en": "estimate, counted from a {year} start date (check the group's calendar)",
        "zh": "估计（按 {year} 年的起始日期推算，请查看小组日历）",
    },
    "estimated": {
        "en": " — an estimate from a {year} start date: check the group's calendar",
        "zh": "（按 {year} 年的起始日期推算的估计，请查看小组日历）",
    },
    "next_maybe": {
        "en": "perhaps (check the calendar for which week)",
        "zh": "也可能是（具体周次请查看日历）",
    },
    "week_unknown": {
        "en": " — check the calendar for which week",
        "zh": "（具体周次请查看日历）",
    },
    "maybe_on": {"en": "perhaps", "zh": "也许是"},
    "next_meeting": {"en": "Next meeting", "zh": "下次会议"},
    "open_channel": {"en": "Open #{channel}", "zh": "打开 #{channel}"},
    "details_meetings": {"en": "Meetings", "zh": "会议"},
    "details_leads": {"en": "Leads", "zh": "负责人"},
    "also_tech_lead": {"en": "also tech lead", "zh": "兼技术负责人"},
    "details_start": {"en": "How to start", "zh": "如何开始"},
    "details_subprojects": {"en": "Subprojects", "zh": "子项目"},
    "why_plain": {"en": "Why: {why}", "zh": "依据：{why}"},
    "way_in": {"en": "Way in", "zh": "参与方式"},
    "more_on_page": {
        "en": "…and {n} more on the community page",
        "zh": "……另有 {n} 个，见社区页面",
    },
    "label_line": {
        "en": "Label issues {label}: comment {command}",
        "zh": "给 issue 加 {label} 标签：评论 {command}",
    },
    "why_alias": {"en": "you asked about “{label}”", "zh": "你问到了“{label}”"},
    "why_described": {"en": "it sounds like {label}", "zh": "听起来是 {label}"},
    "why_told_flaw": {
        "en": "what you describe reaches “{label}”, the way a security flaw does",
        "zh": "你描述的情况涉及“{label}”，像是安全缺陷",
    },
    "why_told_conduct": {
        "en": "you quote what someone in the community said",
        "zh": "你引用了社区中有人说的话",
    },
    "why_corrected": {"en": " (read {pairs})", "zh": "（{pairs}）"},
    "why_corrected_pair": {"en": "“{said}” as “{read}”", "zh": "把“{said}”理解为“{read}”"},
    "why_name": {"en": "you named {label}", "zh": "你提到了 {label}"},
    "why_misnomer": {"en": "you asked for {label}", "zh": "你问的是 {label}"},
    "why_channel": {"en": "you mentioned the channel {label}", "zh": "你提到了频道 {label}"},
    "why_subproject": {"en": "it runs {label}", "zh": "{label} 归它负责"},
    "why_path": {"en": "it owns the code in {label}", "zh": "代码路径 {label} 归它负责"},
    "why_feature": {"en": "it owns {label}", "zh": "{label} 归它负责"},
    "why_filed_in": {
        "en": "it owns {label}, where this was filed",
        "zh": "它负责 {label}（提交所在的仓库）",
    },
    "why_api_group": {"en": "it owns the API group {label}", "zh": "API 组 {label} 归它负责"},
    "why_test_tag": {"en": "the test is tagged {label}", "zh": "该测试的标签是 {label}"},
    "why_title_tag": {"en": "the title is tagged {label}", "zh": "标题的标签是 {label}"},
    "why_identifier": {"en": "only its records use {label}", "zh": "只有它的资料用到 {label}"},
    "why_component": {"en": "the component {label} is its topic", "zh": "组件 {label} 是它的"},
    "why_terms": {"en": "words in your question: {label}", "zh": "你问题中的词：{label}"},
    "ask_humans": {
        "en": "People help too: ask in <{url}|#kubernetes-contributors>.",
        "zh": "也可以问人：在 <{url}|#kubernetes-contributors> 提问。",
    },
    "route": {"en": "{work} → {group}", "zh": "{work} → {group}"},
    "triage_looking": {
        "en": "Looking up {issue} on GitHub…",
        "zh": "正在 GitHub 上查看 {issue}……",
    },
    "triage_suggest": {
        "en": "{issue} “{title}” looks like *{group}*'s area.",
        "zh": "{issue}「{title}」看起来属于 *{group}*。",
    },
    "triage_maybe": {
        "en": "{issue} “{title}” might be *{group}*'s area, but I am not sure.",
        "zh": "{issue}「{title}」可能属于 *{group}*，但我不太确定。",
    },
    "triage_command": {
        "en": "To label it, comment on the issue: `{command}`",
        "zh": "要加标签，请在该 issue 下评论：`{command}`",
    },
    "triage_labelled": {
        "en": "{issue} is already labelled {labels}.",
        "zh": "{issue} 已经有标签 {labels}。",
    },
    "triage_none": {
        "en": "I could not tell which group owns {issue} “{title}”. "
        "Ask in #kubernetes-contributors, or try `/sig` with a few words about the area.",
        "zh": "我无法判断 {issue}「{title}」属于哪个小组。可以在 #kubernetes-contributors 提问，"
        "或用 `/sig` 加几个描述领域的词再试。",
    },
    "triage_failed_not_found": {
        "en": "I could not read {issue}: it does not exist or is private. Paste its title and "
        "I will suggest an owner.",
        "zh": "无法读取 {issue}：它不存在或是私有的。请粘贴它的标题，我来推荐负责的小组。",
    },
    "triage_failed_rate_limited": {
        "en": "GitHub is rate-limiting me right now, so I could not read {issue}. Paste its title "
        "and I will suggest an owner.",
        "zh": "GitHub 暂时限制了我的请求，无法读取 {issue}。请粘贴它的标题，我来推荐负责的小组。",
    },
    "triage_failed_timeout": {
        "en": "GitHub did not answer in time for {issue}. "
        "Paste its title and I will suggest an owner.",
        "zh": "GitHub 没有及时响应 {issue}。请粘贴它的标题，我来推荐负责的小组。",
    },
    "triage_failed_error": {
        "en": "I could not read {issue} from GitHub. Paste its title and I will suggest an owner.",
        "zh": "无法从 GitHub 读取 {issue}。请粘贴它的标题，我来推荐负责的小组。",
    },
    "triage_failed_elsewhere": {
        "en": "I only read issues from the GitHub I am set up for, so I did not look up {issue}. "
        "Paste its title and I will suggest an owner.",
        "zh": "我只读取已配置的 GitHub 上的 issue，所以没有查看 {issue}。请粘贴它的标题，"
        "我来推荐负责的小组。",
    },
    "triage_busy": {
        "en": "I am busy right now and could not look up {issue}. Paste its title instead.",
        "zh": "我现在有点忙，没能查看 {issue}。请直接粘贴它的标题。",
    },
    "feedback_prompt": {"en": "Was this the right group?", "zh": "这个小组对吗？"},
    "feedback_up": {"en": "👍 Right group", "zh": "👍 是这个小组"},
    "feedback_down": {"en": "👎 Wrong group", "zh": "👎 不是这个小组"},
    "feedback_correct": {"en": "Wrong group? Pick the right one", "zh": "不对？请选出正确的小组"},
    "feedback_pick_none": {"en": "Know the right group? Pick it", "zh": "知道是哪个小组？请选择"},
    "feedback_thanks": {
        "en": "Thanks for the feedback, {user}.",
        "zh": "谢谢你的反馈，{user}。",
    },
    "feedback_thanks_down": {
        "en": "Thanks, {user}: noted that this was the wrong group. "
        "If you know the right one, pick it below.",
        "zh": "谢谢，{user}：已记下这个回答不对。如果你知道正确的小组，请在下方选择。",
    },
    "feedback_thanks_correct": {
        "en": "Thanks, {user}: noted {group} as the right group. Here is its card.",
        "zh": "谢谢，{user}：已记下正确的小组是 {group}。下面是它的信息。",
    },
    "chairs": {"en": "Chairs", "zh": "主席"},
    "tech_leads": {"en": "Tech leads", "zh": "技术负责人"},
    "label": {"en": "GitHub label", "zh": "GitHub 标签"},
    "prow": {"en": "comment {command} on an issue or PR", "zh": "在 issue 或 PR 中评论 {command}"},
    "first_issues": {"en": "Good first issues", "zh": "适合新手的 issue"},
    "community_page": {"en": "Community page", "zh": "社区页面"},
    "steps": {"en": "First steps", "zh": "入门步骤"},
    "retired": {"en": "{group} is retired.", "zh": "{group} 已退役。"},
    "successors": {"en": "Its work continues in:", "zh": "相关工作现由以下小组继续："},
    "related": {
        "en": "Related groups (close in topic; no source names them as successors):",
        "zh": "相关小组（主题相近，但没有资料指明由其接替）：",
    },
    "no_successor_short": {
        "en": "No active group took over its work.",
        "zh": "没有活跃小组接手其工作。",
    },
    "no_successor": {
        "en": "No active group took over its work; try /sig list.",
        "zh": "没有活跃小组接手其工作；可以试试 /sig list。",
    },
    "ambiguous": {
        "en": "Several groups fit “{query}”. Which one did you mean?",
        "zh": "有多个小组与“{query}”相关，你指的是哪一个？",
    },
    "none": {
        "en": "I couldn't find a group for “{query}”.",
        "zh": "没有找到与“{query}”相关的小组。",
    },
    "none_suggest": {"en": "Did you mean one of these?", "zh": "你是不是想找："},
    "elsewhere": {
        "en": "This looks like a question about another product or service, not about the "
        "Kubernetes project itself, so I won't guess a group for it.",
        "zh": "这看起来是关于其他产品或服务的问题，而不是 Kubernetes 项目本身，"
        "所以我不猜测由哪个小组负责。",
    },
    "private_headline": {
        "en": "Report this privately to the {group}: email {email}{how}. "
        "Please do not post details in public channels, issues or pull requests.",
        "zh": "请私下向 {group} 报告：发邮件到 {email}{how}。"
        "请不要在公开频道、Issue 或 PR 中透露细节。",
    },
    "private_how": {"en": " (how to report: {url})", "zh": "（报告方式：{url}）"},
    "private_reply_note": {
        "en": "Only you can see this reply. Your message in the channel is public: if it holds "
        "details of a security flaw or of what someone did, delete it and tell them privately, "
        "as below.",
        "zh": "这条回复只有你能看到。你在频道里的消息是公开的：如果其中有安全缺陷或他人行为的细节，"
        "请删除它，并按下面的方式私下报告。",
    },
    "private_maybe_headline": {
        "en": "If this could be a security flaw, report it privately to the {group} first: "
        "email {email}{how}. Please do not post details in public channels, issues or pull "
        "requests.",
        "zh": "如果这可能是安全缺陷，请先私下向 {group} 报告：发邮件到 {email}{how}。"
        "请不要在公开频道、Issue 或 PR 中透露细节。",
    },
    "flaw_hint": {
        "en": "If this could be a security flaw, do not post the details in public: report it "
        "privately to the {group} ({email}{how}).",
        "zh": "如果这可能是安全缺陷，请不要公开细节，私下向 {group} 报告（{email}{how}）。",
    },
    "flaw_hint_how": {"en": ", how: {url}", "zh": "，报告方式：{url}"},
    "private_maybe_conduct_headline": {
        "en": "If this is about how someone in the community treated you or others, report it "
        "privately to the {group}: email {email}{how}. Please do not post details in public "
        "channels, issues or pull requests.",
        "zh": "如果这是关于社区中有人如何对待你或他人，"
        "请私下向 {group} 报告：发邮件到 {email}{how}。"
        "请不要在公开频道、Issue 或 PR 中透露细节。",
    },
    "private_maybe_conduct_owner": {
        "en": " If it is a question about the work itself, {owner} owns it.",
        "zh": "如果只是关于工作本身的问题，由 {owner} 负责。",
    },
    "private_maybe_owner": {
        "en": " If it is an ordinary bug, {owner} owns it.",
        "zh": "如果只是普通缺陷，由 {owner} 负责。",
    },
    "report_privately": {"en": "Report privately", "zh": "私下报告"},
    "report_email": {"en": "Email", "zh": "邮件"},
    "report_how": {"en": "How to report", "zh": "报告方式"},
    "private_note": {
        "en": "Do not post details in public channels, issues or pull requests.",
        "zh": "不要在公开频道、Issue 或 PR 中透露细节。",
    },
    "truncated": {
        "en": "Your message is long: I read its first {limit:,} characters.",
        "zh": "你的消息很长：我只读了前 {limit:,} 个字符。",
    },
    "none_hint": {
        "en": "Try a topic (`/sig network policy`), a component (`/sig kubelet`), a path "
        "(`/sig pkg/scheduler`), or `/sig list` to browse every group.",
        "zh": "试试主题（`/sig 网络策略`）、组件（`/sig kubelet`）、代码路径"
        "（`/sig pkg/scheduler`），或用 `/sig list` 浏览所有小组。",
    },
    "link": {
        "en": "That is a link to an issue, and its repository alone does not say which group "
        "owns it: paste the issue's title (and a line of what it is about) and I'll tell you.",
        "zh": "这是一个 Issue 链接，仅凭它所在的仓库还看不出由哪个小组负责：请粘贴 Issue 的标题"
        "（再加一句它讲的内容），我来告诉你。",
    },
    # The same hints in a terminal, where the commands are sigbot's, not Slack's.
    "cli_link": {
        "en": "That is a link to an issue, and its repository alone does not say which group "
        'owns it. Paste its title (sigbot ask "the title"), or run sigbot triage on the '
        "issue (README, Triage).",
        "zh": "这是一个 Issue 链接，仅凭它所在的仓库还看不出由哪个小组负责。请粘贴它的标题"
        '（sigbot ask "标题"），或对这个 Issue 运行 sigbot triage（见 README 的 Triage）。',
    },
    "cli_none_hint": {
        "en": 'Try a topic (sigbot ask "network policy"), a component (sigbot ask kubelet), a '
        "path (sigbot ask pkg/scheduler), or sigbot list to browse every group.",
        "zh": "试试主题（sigbot ask 网络策略）、组件（sigbot ask kubelet）、代码路径"
        "（sigbot ask pkg/scheduler），或用 sigbot list 浏览所有小组。",
    },
    "cli_help_list": {
        "en": "sigbot list shows every group by category; sigbot ask help shows this.",
        "zh": "sigbot list 按类别列出所有小组；sigbot ask help 显示本帮助。",
    },
    "cli_oversized": {
        "en": "That message is too long for me to search. Ask in a few words, e.g. sigbot ask "
        '"network policy".',
        "zh": "这条消息太长了，我无法搜索。请用几个词提问，例如 sigbot ask 网络策略。",
    },
    "oversized": {
        "en": "That message is too long for me to search. Ask in a few words, e.g. "
        "`/sig network policy`.",
        "zh": "这条消息太长了，我无法搜索。请用几个词提问，例如 `/sig 网络策略`。",
    },
    "help_title": {
        "en": "sigbot: find the Kubernetes group for any topic",
        "zh": "sigbot：找到负责任何主题的 Kubernetes 小组",
    },
    "help_body": {
        "en": "Ask about a topic, a component, a subproject or a code path, and I'll tell "
        "you which group owns it and how to join: channel, mailing list, meetings in your "
        "time zone, leads, and good first issues.",
        "zh": "询问一个主题、组件、子项目或代码路径，我会告诉你由哪个小组负责以及如何加入："
        "Slack 频道、邮件列表、按你的时区显示的会议时间、负责人以及适合新手的 issue。",
    },
    "help_examples": {"en": "Examples", "zh": "示例"},
    "help_list": {
        "en": "`/sig list` shows every group by category; `/sig help` shows this.",
        "zh": "`/sig list` 按类别列出所有小组；`/sig help` 显示本帮助。",
    },
    "list_title": {"en": "Kubernetes groups by category", "zh": "按类别排列的 Kubernetes 小组"},
    "list_footer": {
        "en": "Retired groups are not listed; ask about one by name to see where its work went.",
        "zh": "已退役的小组不在列表中；按名称询问即可了解其工作去向。",
    },
    "share": {"en": "Share in channel", "zh": "分享到频道"},
    "shared_by": {
        "en": "{user} shared this answer from sigbot.",
        "zh": "{user} 分享了 sigbot 的回答。",
    },
    "error_reply": {
        "en": "Sorry, something went wrong on my side (reference {reference}). Please try again "
        "in a minute; if it keeps happening, tell the bot's maintainers that reference.",
        "zh": "抱歉，我这边出了问题（编号 {reference}）。请稍后再试；如果一直这样，请把这个编号告诉"
        "机器人的维护者。",
    },
    "apology": {
        "en": "Sorry, I could not answer just now. Please try again in a minute.",
        "zh": "抱歉，我暂时无法回答，请稍后再试。",
    },
    "welcome_title": {
        "en": "Welcome! Find your Kubernetes group",
        "zh": "欢迎！找到你的 Kubernetes 小组",
    },
    "pick_group": {"en": "Pick a group", "zh": "选择一个小组"},
    "home_title": {"en": "Kubernetes community directory", "zh": "Kubernetes 社区目录"},
    "home_ask": {
        "en": "Ask me anywhere with `/sig <topic>`, mention @sigbot, or send me a DM.",
        "zh": "在任何地方使用 `/sig <主题>`、@sigbot，或直接私信我提问。",
    },
    "home_retired": {
        "en": "Retired groups ({n}) are not listed: {examples}. "
        "Ask about one by name to see where its work went.",
        "zh": "已退役的小组（{n} 个）未列出：{examples}。按名称询问即可了解其工作去向。",
    },
    "leads_focus": {"en": "Who leads {group}:", "zh": "{group} 的负责人："},
    "meetings_focus": {"en": "When {group} meets:", "zh": "{group} 的会议时间："},
    "and": {"en": " and ", "zh": "和"},
    "via_alias": {"en": "topic “{label}”", "zh": "主题“{label}”"},
    "via_told_flaw": {"en": "a flaw reaching “{label}”", "zh": "涉及“{label}”的缺陷"},
    "via_told_conduct": {"en": "what someone said, quoted", "zh": "引用的他人原话"},
    "via_name": {"en": "group name {label}", "zh": "小组名称 {label}"},
    "via_channel": {"en": "channel {label}", "zh": "频道 {label}"},
    "via_retired": {"en": "name “{label}”", "zh": "名称“{label}”"},
    "via_subproject": {"en": "subproject {label}", "zh": "子项目 {label}"},
    "via_repository": {"en": "repository {label}", "zh": "仓库 {label}"},
    "via_path": {"en": "OWNERS of {label}", "zh": "代码路径 {label} 的 OWNERS"},
    "via_api_group": {"en": "API group {label}", "zh": "API 组 {label}"},
    "via_test_tag": {"en": "test tag {label}", "zh": "测试标签 {label}"},
    "via_title_tag": {"en": "title tag {label}", "zh": "标题标签 {label}"},
    "via_identifier": {"en": "identifier {label}", "zh": "标识符 {label}"},
    "via_component": {"en": "component {label}", "zh": "组件 {label}"},
    "via_filed_in": {"en": "filed in {label}", "zh": "提交于 {label}"},
    # The web page (sigbot web): a directory of every group, a question box, one page per group.
    "web_title": {
        "en": "Kubernetes SIGs and working groups",
        "zh": "Kubernetes 社区小组：SIG 与工作组",
    },
    "web_site": {"en": "Kubernetes community groups", "zh": "Kubernetes 社区小组"},
    "web_first_issues_link": {"en": "search on GitHub", "zh": "在 GitHub 上查看"},
    "web_intro": {
        "en": "Every special interest group, working group and committee of the Kubernetes "
        "project: what it covers and how to join it. Kept current from the community's own "
        "records.",
        "zh": "Kubernetes 项目的所有特别兴趣小组、工作组和委员会：各自负责什么，以及如何加入。"
        "内容取自社区自己的记录，随之更新。",
    },
    "web_search_label": {
        "en": "Which group owns a topic? Ask about a topic, a component or a code path:",
        "zh": "哪个小组负责某个主题？输入主题、组件或代码路径：",
    },
    "web_search_button": {"en": "Ask", "zh": "提问"},
    "web_search_hint": {
        "en": "For example: network policy, kubectl, pkg/kubelet, 网络策略",
        "zh": "例如：网络策略、kubectl、pkg/kubelet、network policy",
    },
    "web_answer": {"en": "Answer", "zh": "回答"},
    "web_none_hint": {
        "en": "Try a topic (network policy), a component (kubelet) or a code path "
        "(pkg/scheduler), or browse the groups below.",
        "zh": "试试主题（网络策略）、组件（kubelet）或代码路径（pkg/scheduler），"
        "或浏览下面的小组列表。",
    },
    "web_directory": {"en": "All groups", "zh": "所有小组"},
    "web_kind_sig": {"en": "Special Interest Groups (SIGs)", "zh": "特别兴趣小组（SIG）"},
    "web_kind_wg": {"en": "Working Groups (WGs)", "zh": "工作组（WG）"},
    "web_kind_committee": {"en": "Committees", "zh": "委员会"},
    "web_kind_usergroup": {"en": "User Groups", "zh": "用户组"},
    "web_channel_link": {"en": "#{channel} on Slack", "zh": "Slack 频道 #{channel}"},
    "web_retired": {"en": "Retired groups", "zh": "已退役的小组"},
    "web_retired_intro": {
        "en": "These groups no longer meet. Where a source names the groups that carry their "
        "work on, they are linked.",
        "zh": "这些小组已不再活动。若有资料指明由哪些小组接手其工作，下面附有链接。",
    },
    # Misnamed groups (SIG Batch) and groups that merged into another (SIG AWS): names, not groups.
    "web_misnomers": {"en": "Other names you may meet", "zh": "你可能见过的其他名称"},
    "web_misnomers_intro": {
        "en": "Older pages use these names; no group goes by them today.",
        "zh": "一些旧页面使用这些名称，但如今没有以此为名的小组。",
    },
    "web_other_language": {"en": "English", "zh": "中文"},
    "web_home": {"en": "All groups", "zh": "所有小组"},
    "web_source": {
        "en": "Groups as of {date}, from kubernetes/community sigs.yaml.",
        "zh": "小组信息截至 {date}，来自 kubernetes/community 的 sigs.yaml。",
    },
    "web_times": {
        "en": "Times are shown in UTC, and in your own time zone where your browser runs "
        "JavaScript.",
        "zh": "时间以 UTC 显示；浏览器启用 JavaScript 时会换算为你所在的时区。",
    },
    "web_meeting_link": {"en": "join the call", "zh": "会议链接"},
    "web_recurs": {"en": "Recurs", "zh": "时间"},
    "web_handle": {"en": "@{github} on GitHub", "zh": "GitHub 上的 @{github}"},
    "web_no_successor": {
        "en": "No active group took over its work.",
        "zh": "没有活跃小组接手其工作。",
    },
    "web_not_found": {"en": "No such group", "zh": "没有这个小组"},
    "web_not_found_body": {
        "en": "There is no group called “{name}”.",
        "zh": "没有名为“{name}”的小组。",
    },
    "web_bad_request": {"en": "Bad request", "zh": "请求无效"},
    "web_bad_request_body": {
        "en": "This address could not be read: {problem}.",
        "zh": "无法读取这个地址：{problem}。",
    },
    "web_not_utf8": {"en": "it is not valid UTF-8", "zh": "它不是有效的 UTF-8"},
    "web_go_home": {"en": "See every group", "zh": "查看所有小组"},
}

HELP_EXAMPLES = {
    "en": [
        "/sig network policy",
        "/sig who owns the scheduler framework?",
        "/sig kubeclt",
        "/sig pkg/kubelet",
        "/sig kind",
        "/sig when does sig node meet?",
        "/sig 网络策略",
    ],
    "zh": [
        "/sig 网络策略",
        "/sig 谁负责 kubectl",
        "/sig 如何加入 SIG Node",
        "/sig pkg/kubelet",
        "/sig 调度器",
        "/sig network policy",
    ],
}


def t(key: str, lang: Lang, **values: object) -> str:
    """The sentence `key` in `lang`, with values filled in."""
    text = _TEXT[key].get(lang) or _TEXT[key]["en"]
    return text.format(**values) if values else text


def describe_match(via_kind: str, label: str, fallback: str, lang: Lang) -> str:
    """Why a group matched, in the reader's language (the sentence its kind names in
    bot/evidence/kinds.py), or `fallback` where the kind has none."""
    found = KINDS.get(via_kind)
    if found is None or not found.describe or not label:
        return fallback
    return t(found.describe, lang, label=label)


def colon(lang: Lang) -> str:
    """The colon that belongs in a sentence of `lang`: full-width in Chinese."""
    return "：" if lang == "zh" else ": "


def comma(lang: Lang) -> str:
    """The comma between clauses: full-width in Chinese."""
    return "，" if lang == "zh" else ", "


def list_comma(lang: Lang) -> str:
    """The mark between the items of a list: the enumeration comma (、) in Chinese."""
    return "、" if lang == "zh" else ", "


def plain_why(
    via_kind: str,
    label: str,
    lang: Lang,
    corrected: tuple[tuple[str, str], ...] = (),
    detail: str = "",
) -> str:
    """Why a group matched, in the words a newcomer uses ("you asked about 'kubelet'"), and
    which of their words were read as misspellings of it ("read 'kubeclt' as 'kubectl'"). A
    feature described in everyday words is named ("it sounds like KEP-4603 crash-loop
    back-off", `detail`): the newcomer learns what to search for."""
    found = KINDS.get(via_kind)
    if found is None or not found.why or not label:
        return ""
    if via_kind == "described" and detail:
        why = t("why_described", lang, label=detail)
    else:
        why = t(found.why, lang, label=label)
    if not corrected:
        return why
    pairs = [t("why_corrected_pair", lang, said=said, read=read) for said, read in corrected]
    return why + t("why_corrected", lang, pairs=list_comma(lang).join(pairs))


def corrected_of(answer: Answer, m: Match) -> tuple[tuple[str, str], ...]:
    """The misspellings read into the first match's key (the only one they were found for)."""
    return answer.corrected if answer.matches and m is answer.matches[0] else ()


ECHO_CHARS = 80  # of the reader's own words, quoted back in "I couldn't find a group for ..."


def echo(answer: Answer) -> str:
    """The question as it is quoted back: its asking sentences when a long message has them,
    cut to ECHO_CHARS, so a pasted log is never repeated into the channel."""
    text = answer.query.asking_text or answer.query.text
    return text if len(text) <= ECHO_CHARS else text[: ECHO_CHARS - 1].rstrip() + "…"


def kind_name(kind: str, lang: Lang) -> str:
    return KIND_NAMES[lang].get(kind, kind)


def join_names(names: list[str], lang: Lang) -> str:
    if len(names) <= 1:
        return "".join(names)
    return list_comma(lang).join(names[:-1]) + t("and", lang) + names[-1]


STATUS_ZH = {
    "provisional": "草案",
    "implementable": "可实施",
    "implemented": "已实现",
    "deferred": "已推迟",
    "rejected": "已拒绝",
    "withdrawn": "撤回",
    "replaced": "被取代",
    "superseded": "已被替代",
    "removed": "已移除",
}
STAGE_ZH = {
    "alpha": "Alpha",
    "beta": "Beta",
    "stable": "稳定版（GA）",
    "deprecated": "已弃用",
    "removed": "已移除",
}


def quote(label: str, lang: Lang) -> str:
    return f"“{label}”" if lang == "zh" else f"'{label}'"


def evidence_labels(answer: Answer, lang: Lang, limit: int = 2) -> str:
    """What matched, in plain words: "'readiness probe', 'kubelet'"."""
    labels: list[str] = []
    for ev in answer.evidence:
        if ev.label and ev.label not in labels:
            labels.append(ev.label)
    said = {w for label in labels for w in tokenize(label.casefold())}
    for term in answer.terms:
        if len(labels) >= limit:
            break
        if term not in labels and term not in said:  # 'window' inside 'Windows node support'
            labels.append(term)
    return list_comma(lang).join(quote(x, lang) for x in labels[:limit])


def headline_lines(answer: Answer) -> list[str]:
    """The first lines of an answer, said the way its confidence allows. Used by every
    renderer and by the notification text, so the wording follows confidence everywhere."""
    lang = answer.lang
    names = [g.display_name for g in answer.groups]
    if answer.private and answer.groups:
        g = answer.groups[0]
        how = t("private_how", lang, url=g.report_url) if g.report_url else ""
        email = g.private_mailing_list
        told = answer.matches[0].via_kind if answer.matches else ""
        if told in ("told_flaw", "told_conduct"):
            # read from how the message tells it, not from a report word: a suggestion, with
            # the group that owns the topic should it be an ordinary matter
            key = "private_maybe" if told == "told_flaw" else "private_maybe_conduct"
            line = t(f"{key}_headline", lang, group=g.display_name, email=email, how=how)
            owner = next((m.name for m in answer.matches[1:2] if m.kind != "archived"), "")
            return [line + (t(f"{key}_owner", lang, owner=owner) if owner else "")]
        return [t("private_headline", lang, group=g.display_name, email=email, how=how)]
    if answer.verify and answer.matches:
        owner = answer.matches[0].name
        subject = (answer.evidence[0].label if answer.evidence else "") or answer.query.text
        if answer.verify.holds:
            return [t("verify_yes", lang, group=owner, subject=subject)]
        key = "verify_no_retired" if answer.verify.asked_retired else "verify_no"
        return [t(key, lang, group=owner, subject=subject, asked=answer.verify.asked_name)]
    if answer.confidence in ("medium", "low") and len(names) == 1 and not answer.focus:
        labels = evidence_labels(answer, lang)
        why = t("probably_why", lang, labels=labels) if labels else ""
        line = t("probably", lang, group=names[0], why=why)
        others = [m.name for m in answer.matches[1:3] if m.kind != "archived"]
        if others:
            line += t("also_possibly", lang, groups=join_names(others[:1], lang))
        return [line, *flaw_hint_lines(answer)]
    return [answer_headline(names, answer.focus, lang), *flaw_hint_lines(answer)]


SUGGEST_MIN_SCORE = 10.0  # a weak guess below this is noise, not a suggestion


def worth_suggesting(answer: Answer) -> list[Match]:
    """The near matches of a `none` answer worth offering as "Did you mean ...?": a guess on one
    everyday word ("good" in "a good recipe for banana bread") is noise, in every renderer
    alike. The JSON keeps every match (docs/CONTRACTS.md)."""
    return [m for m in answer.matches if m.score >= SUGGEST_MIN_SCORE]


def flaw_hint_lines(answer: Answer) -> list[str]:
    """The private route, beside an answer to a message that tells of a secret or a token and
    asks who owns it: in case it is a vulnerability, before anyone posts its details."""
    g = answer.flaw_hint
    if g is None:
        return []
    lang = answer.lang
    how = t("flaw_hint_how", lang, url=g.report_url) if g.report_url else ""
    return [t("flaw_hint", lang, group=g.display_name, email=g.private_mailing_list, how=how)]


def feature_state(feature: Feature, lang: Lang) -> str:
    """Status and stage as upstream says them, with a release only where upstream's milestone
    map puts that stage at that release: implemented "since", in progress "in", not yet
    accepted "planned for"; a dead KEP by its status alone."""
    status = STATUS_ZH.get(feature.status, feature.status) if lang == "zh" else feature.status
    stage = STAGE_ZH.get(feature.stage, feature.stage) if lang == "zh" else feature.stage
    release = feature.release_of(feature.stage)
    if not status:
        return ""
    if not stage or feature.stage == feature.status or not feature.is_live:
        return t("feature_status", lang, status=status)
    if feature.status == "provisional":
        key = "feature_planned" if release else "feature_unplanned"
    elif not release:
        key = "feature_stage" if feature.status == "implemented" else "feature_unplanned"
    else:
        key = "feature_since" if feature.status == "implemented" else "feature_in"
    return t(key, lang, status=status, stage=stage, release=release)


def feature_lines(feature: Feature, names: dict[str, str], lang: Lang) -> list[str]:
    """The feature a question named: title, KEP link, status and stage, gates, who else."""
    kep = f"KEP-{feature.kep}"
    lines = [t("feature", lang, title=feature.title, kep=kep, url=feature.url)]
    facts = [feature_state(feature, lang)]
    if feature.feature_gates:
        facts.append(t("feature_gates", lang, gates=", ".join(feature.feature_gates)))
    others = [names.get(g, g) for g in feature.participating_groups]
    if others:
        facts.append(t("feature_with", lang, groups=join_names(others, lang)))
    facts = [f for f in facts if f]
    if facts:
        lines.append(("；" if lang == "zh" else "; ").join(facts))
    status = STATUS_ZH.get(feature.status, feature.status) if lang == "zh" else feature.status
    if feature.is_withdrawn:
        lines.append(t("feature_withdrawn", lang, status=status))
    if feature.status == "removed" and feature.release_of("removed"):
        lines.append(t("feature_removed", lang, release=feature.release_of("removed")))
    if feature.replaced_by:
        keps = ", ".join(f"KEP-{n}" for n in feature.replaced_by)
        lines.append(t("feature_replaced", lang, keps=keps))
    return lines


def features_lines(features: tuple[Feature, ...], names: dict[str, str], lang: Lang) -> list[str]:
    """Every KEP the question named (a number two KEPs share, a gate several declare), each
    with its facts."""
    return [line for f in features for line in feature_lines(f, names, lang)]


def successor_sections(
    retired: RetiredGroup, groups: tuple[Group, ...]
) -> list[tuple[str, list[Group]]]:
    """Successors a source names, then groups only related by topic: worded differently."""
    stated = [g for g in groups if g.id in retired.successors]
    related = [g for g in groups if g.id not in retired.successors]
    return [(k, v) for k, v in (("successors", stated), ("related", related)) if v]


def answer_headline(names: list[str], focus: str | None, lang: Lang) -> str:
    """The first line of an answer (and the notification text): who owns it, or, for a question
    about meetings or leads, what follows."""
    if len(names) > 1:
        return t("owns_shared", lang, groups=join_names(names, lang))
    name = names[0] if names else ""
    if focus == "meetings":
        return t("meetings_focus", lang, group=name)
    if focus == "leads":
        return t("leads_focus", lang, group=name)
    return t("owns", lang, group=name)


def data_as_of(kb: KnowledgeBase, lang: Lang) -> str:
    """ "Upstream data as of 2026-08-21 (groups) and 2026-07-24 (KEPs).": how fresh the facts
    are, from the imported snapshots' commit dates."""
    unknown = t("date_unknown", lang)
    return t(
        "data_as_of",
        lang,
        groups=kb.source.date or unknown,
        keps=kb.kep_source.date or unknown,
    )


def correction_note(retired: RetiredGroup, lang: Lang) -> str:
    """The note on an answer whose question used a wrong name ("SIG Batch") or the name of a
    retired group whose topic lives on elsewhere ("Structured Logging")."""
    note = retired.note(lang)
    if retired.misnomer:
        return t("misnomer", lang, note=note)
    return t("retired_namesake", lang, group=retired.display_name, note=note)
