"""Key sequences for driving prompts through prompt_toolkit pipe input or a pty."""

ENTER = "\r"
DOWN = "\x1b[B"
UP = "\x1b[A"
SPACE = " "
CTRL_C = "\x03"
CTRL_D = "\x04"
CLEAR = "\x15"  # Ctrl-U: delete the suggested default in a text prompt
