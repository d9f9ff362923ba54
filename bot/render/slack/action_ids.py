"""Every action id and block id sigbot puts on a message: the contract between what the
renderers draw and what the listeners handle (docs/CONTRACTS.md lists them)."""

ACTION_SHARE = "sigbot_share"
ACTION_CHOOSE = "sigbot_choose"  # "did you mean" buttons: sigbot_choose_0, _1, ...
ACTION_PICK = "sigbot_pick_group"  # category picker in the welcome, App Home, list, no answer
ACTION_FEEDBACK_UP = "sigbot_feedback_up"
ACTION_FEEDBACK_DOWN = "sigbot_feedback_down"
ACTION_CORRECT = "sigbot_correct"  # "wrong group? pick the right one"
ACTION_DETAILS = "sigbot_details"  # sigbot_details_meetings, _leads, _start, _subprojects
ACTION_OPEN_CHANNEL = "sigbot_open_channel"  # a URL button; acknowledged, nothing else
FEEDBACK_BLOCK = "sigbot_fb"  # block id prefix: sigbot_fb|QUESTION|ANSWERED|SURFACE|ASKER
