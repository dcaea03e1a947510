"""A case variable for the demo's analyses: does the (fictional) respondent sit in the local coalition?

Read from the fictional interviews and memos; added where missing, so loading twice changes nothing.
"""

from ..models import ProjectVariable, VariableValue

NAME = "Respondent in de lokale coalitie"
IN_COALITION = {
    "utrecht_wethouder_2021.txt": "ja",
    "groningen_jgz_2021.txt": "nee",
    "rotterdam_programmamanager_2020.txt": "ja",
    "amsterdam_verloskundige_2022.txt": "nee",
    "leeuwarden_kraamzorg_2022.txt": "ja",
    "zwolle_ouder_2022.txt": "nee",
    "tilburg_wijkteam_2023.txt": "nee",
    "maastricht_beleidsadviseur_2023.txt": "ja",
    "emmen_beleidsmedewerker_2019.txt": "nee",  # Emmen, Heerlen, Rozendaal: no coalition to sit in
    "heerlen_verloskundige_2020.txt": "nee",
    "rozendaal_vader_2022.txt": "nee",
}


def add_case_variables(project):
    variable, _ = ProjectVariable.objects.get_or_create(
        project=project, name=NAME, defaults={"kind": ProjectVariable.Kind.YES_NO}
    )
    done = set(variable.values.values_list("interview_id", flat=True))
    for interview in project.interviews.filter(source_name__in=IN_COALITION).exclude(pk__in=done):
        VariableValue.store(interview, variable, IN_COALITION[interview.source_name])
