import { en } from './en';
import { Localizer } from './localizer';

/** The English words: for a part shown outside an element (until the element answers), and for logic outside the DOM. */
export const ENGLISH = new Localizer('en', 'en', en, en);
