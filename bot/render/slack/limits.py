"""Slack's Block Kit limits, each written once (https://api.slack.com/reference/block-kit).

slack_sdk validates most of them when a block is serialised and raises when one is exceeded;
the renderers cut their content to these sizes first, so a long upstream name or a large group
shortens a card instead of failing the reply.
"""

from __future__ import annotations

MAX_MESSAGE_BLOCKS = 50  # blocks in a message (and in a response_url reply)
MAX_HOME_BLOCKS = 100  # blocks in a Home tab view
MAX_SECTION_TEXT = 3000  # characters in a section's text
MAX_HEADER_TEXT = 150  # characters in a header block
MAX_FIELDS = 10  # fields in a section
MAX_ACTION_ELEMENTS = 25  # elements in an actions block
MAX_BUTTON_TEXT = 75  # characters of a button's label
MAX_OPTION_TEXT = 75  # characters of a select option's or option group's label
MAX_OPTIONS = 100  # options in an option group
MAX_OPTION_GROUPS = 100  # option groups in a select menu
MAX_BLOCK_ID = 255  # characters in a block_id
