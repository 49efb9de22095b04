export { AccountView, type AccountViewProps, type UserinfoResult } from "./account.js";
export { type ApiCallView, ApiDemoView, type ApiDemoViewProps } from "./api-demo.js";
export {
  type AuthFormProps,
  type FormField,
  SignInButton,
  SignInForm,
  SignOutButton,
  SignOutForm,
} from "./auth-buttons.js";
export { Avatar, type AvatarProps } from "./avatar.js";
export { AppHeader, type AppHeaderProps } from "./header.js";
export { HuggingFaceView, type HuggingFaceViewData, type HuggingFaceViewProps } from "./hugging-face.js";
export { HuggingFaceMark } from "./hugging-face-mark.js";
export {
  AppError,
  AuthErrorNotice,
  DemoIntro,
  type DemoIntroProps,
  NotFound,
  ProtectedCard,
  SessionEndedMessage,
  SignedInCard,
  SignedInHint,
  SignedOutCard,
  SignInCancelled,
  SignInFailed,
  SignInUnavailable,
  SignOutIncompleteNotice,
} from "./messages.js";
export { ProfileCard, type ProfileCardUser } from "./profile.js";
export { SessionOriginNote, type SessionOriginNoteProps, type SessionOriginView } from "./session-origin.js";
export { TokenExpiry, type TokenExpiryProps } from "./token-expiry.js";
