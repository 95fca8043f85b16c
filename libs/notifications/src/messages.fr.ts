// The e-mails in French: a subject, one paragraph or two, and at most one button-like link.
import type { NotificationKind } from '@amahoro/domain/notifications/notification.rules.js';
import type { MessageText } from './message.types.js';

export const FR: Record<NotificationKind, MessageText> = {
  'enrollment.pending': (d, c) => ({
    subject: `Inscription reçue : ${d.courseTitle}`,
    lines: [`Nous avons bien reçu votre inscription à ${d.courseTitle} (${c.dates}). Un administrateur va l’examiner ; nous vous écrirons dès qu’elle sera décidée.`],
    link: { label: 'Voir la formation', url: c.offeringUrl },
  }),
  'enrollment.approved': (d, c) => ({
    subject: `Votre place est confirmée : ${d.courseTitle}`,
    lines: [`Votre inscription à ${d.courseTitle} (${c.dates}) est acceptée.`, d.location ? `Lieu : ${d.location}.` : ''],
    link: { label: 'Ajouter à votre agenda', url: c.calendarUrl },
  }),
  'enrollment.waitlisted': (d, c) => ({
    subject: `Sur la liste d’attente : ${d.courseTitle}`,
    lines: [`${d.courseTitle} (${c.dates}) est complet. Vous êtes numéro ${d.position ?? '?'} sur la liste d’attente ; nous vous écrirons dès qu’une place vous revient.`],
    link: { label: 'Voir la formation', url: c.offeringUrl },
  }),
  'enrollment.promoted': (d, c) => ({
    subject: `Une place vous revient : ${d.courseTitle}`,
    lines: [`Une place s’est libérée dans ${d.courseTitle} (${c.dates}) : elle est à vous.`],
    link: { label: 'Ajouter à votre agenda', url: c.calendarUrl },
  }),
  'enrollment.rejected': (d, c) => ({
    subject: `Inscription non retenue : ${d.courseTitle}`,
    lines: [`Votre inscription à ${d.courseTitle} (${c.dates}) n’a pas été retenue.`, d.reason ? `Motif : ${d.reason}` : ''],
  }),
  'enrollment.withdrawn': (d, c) => ({
    subject: `Inscription retirée : ${d.courseTitle}`,
    lines: [`Un administrateur a retiré votre inscription à ${d.courseTitle} (${c.dates}).`, d.reason ? `Motif : ${d.reason}` : ''],
  }),
  'enrollment.not_admitted': (d, c) => ({
    subject: `Non admis : ${d.courseTitle}`,
    lines: [`La session ${d.courseTitle} (${c.dates}) est terminée et ses résultats sont définitifs. Votre inscription attendait encore une place ou une décision : vous n’avez pas été admis cette fois. Vous pouvez vous inscrire à une prochaine session.`],
  }),
  'offering.cancelled': (d, c) => ({
    subject: `Annulée : ${d.courseTitle}`,
    lines: [`La session ${d.courseTitle} (${c.dates}) est annulée. Nous vous prions de nous en excuser.`],
  }),
  'offering.rescheduled': (d, c) => ({
    subject: `Nouvelles dates : ${d.courseTitle}`,
    lines: [`${d.courseTitle} change de dates : ${c.dates} (au lieu de ${c.previousDates}).`],
    link: { label: 'Mettre à jour votre agenda', url: c.calendarUrl },
  }),
  'offering.reminder': (d, c) => ({
    subject: d.daysBefore === 1 ? `Demain : ${d.courseTitle}` : `Dans ${d.daysBefore} jours : ${d.courseTitle}`,
    lines: [`${d.courseTitle} commence ${d.daysBefore === 1 ? 'demain' : `dans ${d.daysBefore} jours`} (${c.dates}).`, d.location ? `Lieu : ${d.location}.` : ''],
    link: { label: 'Voir la formation', url: c.offeringUrl },
  }),
  'certificate.issued': (d, c) => ({
    subject: `Votre certificat est prêt : ${d.courseTitle}`,
    lines: [`Félicitations ! Votre certificat pour ${d.courseTitle} est délivré (numéro ${d.serial}). Chacun peut le vérifier au lien ci-dessous.`],
    link: { label: 'Voir et vérifier votre certificat', url: `${c.publicBaseUrl}/verify/${d.serial}` },
  }),
  'certificate.revoked': (d, c) => ({
    subject: `Certificat révoqué : ${d.courseTitle}`,
    lines: [`Votre certificat pour ${d.courseTitle} (numéro ${d.serial}) a été révoqué.`, d.reason ? `Motif : ${d.reason}` : ''],
    link: { label: 'Voir son statut', url: `${c.publicBaseUrl}/verify/${d.serial}` },
  }),
  'account.invite': (_d, c) => ({
    subject: `Votre compte ${c.academyName}`,
    lines: [`Un compte a été créé pour vous sur ${c.academyName}. Choisissez votre mot de passe avec le lien ci-dessous ; il ne sert qu’une fois, pendant 7 jours.`],
    link: { label: 'Choisir mon mot de passe', url: c.accountLink ?? '' },
  }),
  'account.reset': (_d, c) => ({
    subject: `Réinitialiser votre mot de passe`,
    lines: [`Quelqu’un a demandé à réinitialiser le mot de passe de votre compte ${c.academyName}. Si c’est vous, utilisez le lien ci-dessous ; il ne sert qu’une fois, pendant une heure. Sinon, ignorez ce message : votre mot de passe ne change pas.`],
    link: { label: 'Choisir un nouveau mot de passe', url: c.accountLink ?? '' },
  }),
  'account.verify': (_d, c) => ({
    subject: `Confirmez votre adresse e-mail`,
    lines: [`Bienvenue sur ${c.academyName}. Merci de confirmer que cette adresse est bien la vôtre.`],
    link: { label: 'Confirmer mon adresse', url: c.accountLink ?? '' },
  }),
  'nomination.call_opened': (d, c) => ({
    subject: `Appel à candidatures : ${d.courseTitle}`,
    lines: [`${d.organisationName ?? 'Votre organisation'} est invitée à présenter des candidats pour ${d.courseTitle} (${c.dates}). Les candidatures sont reçues jusqu’au ${c.closes}.`],
    link: { label: 'Voir l’appel', url: c.offeringUrl },
  }),
  'nomination.selected': (d, c) => ({
    subject: `Retenu : ${d.candidateName} pour ${d.courseTitle}`,
    lines: [
      d.freedSeat
        ? `Une place s’est libérée dans ${d.courseTitle} (${c.dates}) et revient à votre suppléant ${d.candidateName}, désormais retenu et inscrit.`
        : `Le comité de sélection a retenu ${d.candidateName} pour ${d.courseTitle} (${c.dates}). La place lui revient.`,
      d.note ? `Note : ${d.note}` : '',
    ],
    link: { label: 'Voir la formation', url: c.offeringUrl },
  }),
  'nomination.alternate': (d, c) => ({
    subject: `Suppléant : ${d.candidateName} pour ${d.courseTitle}`,
    lines: [`Le comité de sélection a inscrit ${d.candidateName} comme suppléant pour ${d.courseTitle} (${c.dates}) : si un candidat retenu de votre organisation se retire, la place revient à votre premier suppléant.`, d.note ? `Note : ${d.note}` : ''],
  }),
  'nomination.not_selected': (d, c) => ({
    subject: `Non retenu : ${d.candidateName} pour ${d.courseTitle}`,
    lines: [`Le comité de sélection n’a pas retenu ${d.candidateName} pour ${d.courseTitle} (${c.dates}).`, d.note ? `Note : ${d.note}` : ''],
  }),
};
