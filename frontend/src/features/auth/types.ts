import type { ThunkDispatch, UnknownAction } from '@reduxjs/toolkit';

import type { AuthState } from './auth-slice';

/** The slice of the store this feature needs; the app's store satisfies it. */
export type AuthDispatch = ThunkDispatch<{ auth: AuthState }, unknown, UnknownAction>;
