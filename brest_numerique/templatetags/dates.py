"""La valeur de l'attribut `datetime` d'un `<time>` : `{{ moment|datetime_html }}`.

Le HTML n'admet qu'une à trois décimales de seconde ; `isoformat()` et le format
« c » de Django en écrivent six dès qu'un instant en a, ce que le vérificateur du
W3C refuse (tests/portail/test_html_conforme.py). Un instant s'écrit donc à la
seconde, à l'heure locale du portail et avec son décalage ; une date, « AAAA-MM-JJ ».
"""

from datetime import date, datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def datetime_html(valeur: date | datetime | None) -> str:
    if isinstance(valeur, datetime):
        if timezone.is_aware(valeur):
            valeur = timezone.localtime(valeur)
        return valeur.isoformat(timespec="seconds")
    if isinstance(valeur, date):
        return valeur.isoformat()
    return ""
