import TextField from '@material-ui/core/TextField';

/** Whether what was typed confirms: exactly the word, spaces around aside. */
export const isConfirmed = (typed: string, word: string) =>
  typed.trim() === word;

/**
 * For an action on production: the person types `word` (the service's
 * name) before Confirm is enabled. Enter submits the dialog's form, which
 * does nothing until it matches.
 */
export function TypedConfirmation(props: {
  id: string;
  word: string;
  value: string;
  onChange: (value: string) => void;
}) {
  const matches = isConfirmed(props.value, props.word);
  return (
    <TextField
      id={props.id}
      label={`Type ${props.word} to confirm`}
      helperText={
        matches
          ? 'Confirmed'
          : `This is production: type the service's name, ${props.word}, to enable the button`
      }
      required
      fullWidth
      margin="normal"
      autoComplete="off"
      value={props.value}
      onChange={e => props.onChange(e.target.value)}
      inputProps={{ 'data-testid': props.id, spellCheck: false }}
    />
  );
}
