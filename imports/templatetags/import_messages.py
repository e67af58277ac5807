"""`{{ message|in_language }}`: a stored import message, note, failure or
undo conflict in the reader's language (see `imports.messages`)."""
from django import template

from imports.messages import shown

register = template.Library()


@register.filter
def in_language(stored) -> str:
    return shown(stored)
