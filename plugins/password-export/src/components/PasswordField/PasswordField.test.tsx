import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { PasswordField } from './PasswordField';

describe('PasswordField', () => {
  it('masks the value until shown', async () => {
    const user = userEvent.setup();
    await renderInTestApp(
      <PasswordField id="secret" label="Secret" secretName="secret" />,
    );
    const input = screen.getByLabelText('Secret');

    expect(input).toHaveAttribute('type', 'password');
    expect(input).toHaveAttribute('autocomplete', 'new-password');

    await user.click(screen.getByRole('button', { name: 'Show secret' }));
    expect(input).toHaveAttribute('type', 'text');

    await user.click(screen.getByRole('button', { name: 'Hide secret' }));
    expect(input).toHaveAttribute('type', 'password');
  });
});
