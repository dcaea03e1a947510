"""The models of the qualitative side, one module per concept; importing them from here keeps working."""

from ..versions import text_digest
from .api_tokens import ApiToken, ApiTokenQuerySet, Scope
from .batches import ImportBatch, ImportItem
from .coding import THEME_PALETTE, Coding, CodingQuerySet, Memo, Origin, Passage, PassageQuerySet, Theme, ThemeQuerySet
from .findings import CodeQuery, GridCell, GridRows, SummaryGrid, WordList
from .history import Action, ActionQuerySet, Source, Subject
from .interviews import START_BEFORE_END, Interview, InterviewQuerySet, Segment, Speaker, StakeholderGroup
from .live import Clock, Presence
from .progress import CoderProgress, InterviewProgress, coding_progress
from .projects import CodebookPolicy, KeyPolicy, Membership, Project, ProjectQuerySet, Role
from .pseudonyms import PseudonymKey, PseudonymName
from .recordings import Recording
from .rounds import Choice, CodingRound, CodingRoundQuerySet, ConsensusDecision, RoundState, consensus_user, settle
from .text_versions import TextChanged, TextVersion, lock_unchanged
from .texttools import Suggestion, ThemeRule, ThemeRuleQuerySet, Token, TokenQuerySet
from .variables import ProjectVariable, VariableValue

__all__ = [
    "ApiToken",
    "ApiTokenQuerySet",
    "Scope",
    "CodeQuery",
    "GridCell",
    "GridRows",
    "SummaryGrid",
    "WordList",
    "Action",
    "ActionQuerySet",
    "Source",
    "Subject",
    "Role",
    "KeyPolicy",
    "CodebookPolicy",
    "ProjectQuerySet",
    "Project",
    "Membership",
    "START_BEFORE_END",
    "StakeholderGroup",
    "InterviewQuerySet",
    "Interview",
    "Segment",
    "Speaker",
    "THEME_PALETTE",
    "ThemeQuerySet",
    "Theme",
    "Origin",
    "PassageQuerySet",
    "Passage",
    "CodingQuerySet",
    "Coding",
    "Memo",
    "ProjectVariable",
    "VariableValue",
    "PseudonymName",
    "PseudonymKey",
    "ImportBatch",
    "ImportItem",
    "TokenQuerySet",
    "Token",
    "ThemeRuleQuerySet",
    "ThemeRule",
    "Suggestion",
    "RoundState",
    "CodingRoundQuerySet",
    "CodingRound",
    "Choice",
    "ConsensusDecision",
    "consensus_user",
    "settle",
    "InterviewProgress",
    "CoderProgress",
    "coding_progress",
    "Clock",
    "Presence",
    "TextVersion",
    "lock_unchanged",
    "Recording",
    "TextChanged",
    "text_digest",
]
