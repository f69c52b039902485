import { makeStyles, Theme } from '@material-ui/core/styles';
import Typography, { TypographyProps } from '@material-ui/core/Typography';

// The theme's error.main (#f44336 in Backstage's light theme) reads at 3.7:1
// on white; text needs 4.5:1 (WCAG 1.4.3), which error.dark has.
const useStyles = makeStyles((theme: Theme) => ({
  error: {
    color:
      theme.palette.type === 'dark'
        ? theme.palette.error.light
        : theme.palette.error.dark,
  },
}));

/** A line of text in the error colour, dark enough to read. */
export function ErrorText(props: Omit<TypographyProps, 'color'>) {
  const classes = useStyles();
  const { className, ...rest } = props;
  return (
    <Typography
      variant="body2"
      {...rest}
      className={[classes.error, className].filter(Boolean).join(' ')}
    />
  );
}
