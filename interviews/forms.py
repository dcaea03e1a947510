from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model

from monitor.models import Municipality

from .models import Interview, Membership, Memo, Project, Role, StakeholderGroup, Theme

User = get_user_model()


# --- projects and interviews ---


# --- codebook ---


# --- members ---


# --- memos ---


# --- upload ---
