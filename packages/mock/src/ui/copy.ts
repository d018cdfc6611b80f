// The words of the mock's Authenticator UI. These are UI copy, not API data: the languages the API accepts come
// from the spec; a language without copy here is shown in English.

export interface Copy {
  title: string;
  heading: string;
  intro: (owner: string) => string;
  introAccount: (owner: string) => string;
  chooseHint: string;
  placeholder: string;
  connect: string;
  notice: string;
  invalidChoice: (field: string) => string;
  expired: string;
  used: string;
  unknown: string;
  errorTitle: string;
  missingTokenTitle: string;
  missingToken: string;
  startPage: string;
  /** Labels for choice fields the UI knows; others show the field name. */
  fieldLabels: Record<string, string>;
}

const en: Copy = {
  title: 'Connect your device - NOX',
  heading: 'Connect your device',
  intro: (owner) => `${owner} asks you to connect your device to NOX.`,
  introAccount: (owner) => `${owner} asks you to connect your account to NOX.`,
  chooseHint: 'Choose your device and sign in with its maker.',
  placeholder: 'Choose...',
  connect: 'Connect',
  notice: 'This is the NOX mock server: no real account is connected.',
  invalidChoice: (field) => `Choose a ${field} from the list.`,
  expired: 'This link has expired. Start again from the app that sent you here.',
  used: 'This link has already been used. Start again from the app that sent you here.',
  unknown: 'This link is not valid or has expired. Start again from the app that sent you here.',
  errorTitle: 'Link not valid',
  missingTokenTitle: 'Connect page of the NOX mock',
  missingToken:
    'This page connects a device or an account for a link session, and its link carries the session token. Create a link session with the API, then open the link the answer holds.',
  startPage: 'How to start a link flow against this mock',
  fieldLabels: { brand: 'Brand' },
};

const nl: Copy = {
  title: 'Koppel uw apparaat - NOX',
  heading: 'Koppel uw apparaat',
  intro: (owner) => `${owner} vraagt u uw apparaat aan NOX te koppelen.`,
  introAccount: (owner) => `${owner} vraagt u uw account aan NOX te koppelen.`,
  chooseHint: 'Kies uw apparaat en log in bij de fabrikant.',
  placeholder: 'Kies...',
  connect: 'Koppelen',
  notice: 'Dit is de NOX-mockserver: er wordt geen echt account gekoppeld.',
  invalidChoice: (field) => `Kies een ${field} uit de lijst.`,
  expired: 'Deze link is verlopen. Begin opnieuw in de app die u hierheen stuurde.',
  used: 'Deze link is al gebruikt. Begin opnieuw in de app die u hierheen stuurde.',
  unknown: 'Deze link is ongeldig of verlopen. Begin opnieuw in de app die u hierheen stuurde.',
  errorTitle: 'Link ongeldig',
  missingTokenTitle: 'Koppelpagina van de NOX-mock',
  missingToken:
    'Deze pagina koppelt een apparaat of account voor een koppelsessie; de link ernaartoe bevat het sessietoken. Maak een koppelsessie aan met de API en open de link uit het antwoord.',
  startPage: 'Zo start u een koppeling met deze mock',
  fieldLabels: { brand: 'Merk' },
};

const COPY: Record<string, Copy> = { en, nl };

/** The language the page is shown in: the requested one when the UI has copy for it, else English. */
export function pageLanguage(language: unknown): string {
  return typeof language === 'string' && language in COPY ? language : 'en';
}

export function copyFor(language: string): Copy {
  return COPY[language] ?? en;
}
