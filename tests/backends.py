"""Un serveur de courriel qui échoue sur commande, pour éprouver les relances.

Ce n'est pas un double de notre infrastructure : il remplace le relais SMTP
externe, dont on ne maîtrise pas les pannes. Les courriels acceptés vont dans
django.core.mail.outbox, comme avec le moteur locmem."""

from django.core.mail.backends.locmem import EmailBackend

PANNES: list[Exception] = []


class EmailBackendEnPanne(EmailBackend):
    def send_messages(self, messages):
        if PANNES:
            raise PANNES.pop(0)
        return super().send_messages(messages)
