import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { FormEvent, ReactNode, useState } from 'react';
import { isConfirmed, TypedConfirmation } from './TypedConfirmation';

/**
 * The frame the promote and rollback dialogs share: a title, a sentence
 * that says what happens (the dialog's description), what the caller shows,
 * a reason field (focused first) and, for production, the typed
 * confirmation. It is a form, so Enter in a field confirms once Confirm is
 * enabled; Escape and Cancel close it, and the Dialog returns the focus to
 * the button that opened it.
 */
export function ActionDialog(props: {
  /** Prefix of the ids and test ids, e.g. `promote-staging`. */
  id: string;
  open: boolean;
  onClose: () => void;
  title: string;
  description: ReactNode;
  children: ReactNode;
  reason: { label: string; helperText: string; required: boolean };
  /** The word to type before confirming; none outside production. */
  confirmationWord?: string;
  confirmLabel: string;
  confirmColor?: 'primary' | 'secondary';
  /** Why Confirm stays disabled (e.g. a gate fails), if it does. */
  blockedBecause?: string;
  /** Shown above the content, e.g. that the stage has moved on since opening. */
  notice?: string;
  onConfirm: (reason: string) => void;
}) {
  const { id, open, reason } = props;
  const [why, setWhy] = useState('');
  const [typed, setTyped] = useState('');
  // Confirm counts once: the dialog stays clickable while it fades out.
  const [submitted, setSubmitted] = useState(false);
  // Reset while rendering the opening, not after it is painted, so that a
  // reopened dialog never shows the last reason for a frame.
  const [wasOpen, setWasOpen] = useState(open);
  if (open !== wasOpen) {
    setWasOpen(open);
    if (open) {
      setWhy('');
      setTyped('');
      setSubmitted(false);
    }
  }

  const missing = (() => {
    if (props.blockedBecause) return props.blockedBecause;
    if (reason.required && !why.trim()) return `${reason.label} is required`;
    if (props.confirmationWord && !isConfirmed(typed, props.confirmationWord))
      return `Type ${props.confirmationWord} to confirm`;
    return undefined;
  })();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (missing || submitted) return;
    setSubmitted(true);
    props.onConfirm(why.trim());
  };

  return (
    <Dialog
      open={open}
      onClose={props.onClose}
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-description`}
      maxWidth="sm"
      fullWidth
      data-testid={`${id}-dialog`}
    >
      <form onSubmit={submit} noValidate>
        <DialogTitle id={`${id}-title`}>{props.title}</DialogTitle>
        <DialogContent>
          <DialogContentText id={`${id}-description`}>
            {props.description}
          </DialogContentText>
          {props.notice && (
            <Typography
              role="alert"
              color="error"
              paragraph
              data-testid={`${id}-notice`}
            >
              {props.notice}
            </Typography>
          )}
          {props.children}
          <TextField
            id={`${id}-reason`}
            label={reason.label}
            helperText={reason.helperText}
            required={reason.required}
            // A dialog moves the focus into itself (WAI-ARIA dialog pattern):
            // to the first field, so typing can start at once.
            // eslint-disable-next-line jsx-a11y/no-autofocus
            autoFocus
            fullWidth
            margin="normal"
            value={why}
            onChange={e => setWhy(e.target.value)}
            inputProps={{ maxLength: 1000, 'data-testid': `${id}-reason` }}
          />
          {props.confirmationWord && (
            <TypedConfirmation
              id={`${id}-confirmation`}
              word={props.confirmationWord}
              value={typed}
              onChange={setTyped}
            />
          )}
        </DialogContent>
        <DialogActions>
          {/* Why Confirm is disabled, next to it; a live region, so that
              the change is announced. */}
          <Typography
            id={`${id}-missing`}
            role="status"
            variant="body2"
            color="textSecondary"
            style={{ flex: 1 }}
          >
            {missing}
          </Typography>
          <Button onClick={props.onClose}>Cancel</Button>
          <Button
            type="submit"
            color={props.confirmColor ?? 'primary'}
            variant="contained"
            disabled={Boolean(missing) || submitted}
            aria-describedby={missing ? `${id}-missing` : undefined}
            data-testid={`${id}-confirm`}
          >
            {props.confirmLabel}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
